package org.sacredcouncil.edge.hub;

import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * What the hub keeps per socket, as its hibernation attachment: the client's address, the edge's own URL
 * (where a {@code send} goes), when it connected, whether a frame came yet, and for an agent its API key and,
 * once the feed has told, its id and region.
 */
final class SocketInfo {

    static final String VIEWER = "viewer";
    static final String AGENT = "agent";

    final String ip;
    final String edge;
    final long connectedAt;
    String role = VIEWER;
    boolean spoke;
    String apiKey;
    String agentId;
    String region;

    SocketInfo(String ip, String edge, long connectedAt) {
        this.ip = ip;
        this.edge = edge;
        this.connectedAt = connectedAt;
    }

    boolean isAgent() {
        return AGENT.equals(role);
    }

    String toJson() {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("ip")
                .value(ip)
                .name("edge")
                .value(edge)
                .name("at")
                .value(connectedAt)
                .name("role")
                .value(role)
                .name("spoke")
                .value(spoke);
        if (apiKey != null) {
            w.name("key").value(apiKey);
        }
        if (agentId != null) {
            w.name("agentId").value(agentId).name("region").value(region);
        }
        return w.endObject().toString();
    }

    static SocketInfo parse(String json) {
        if (json == null) {
            return new SocketInfo("unknown", "", 0);
        }
        JsonObject o = JsonReader.parseObject(json);
        SocketInfo s = new SocketInfo(o.string("ip"), o.string("edge"), o.integer("at"));
        s.role = o.string("role");
        s.spoke = o.bool("spoke");
        s.apiKey = o.optString("key", null);
        s.agentId = o.optString("agentId", null);
        s.region = o.optString("region", null);
        return s;
    }
}

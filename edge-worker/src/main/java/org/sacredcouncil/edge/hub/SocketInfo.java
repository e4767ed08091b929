package org.sacredcouncil.edge.hub;

import java.util.LinkedHashMap;
import java.util.Map;
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
    /**
     * A {@code graphql-transport-ws} socket (docs/graphql.md#subscriptions): whether {@code connection_init} came and
     * was acknowledged, and its subscriptions by id, each its plan (null while heart is asked for it).
     */
    boolean graphql;

    boolean initialised;
    boolean acked;
    Map<String, Object> subscriptions = new LinkedHashMap<>();

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
        if (graphql) {
            w.name("gql")
                    .beginObject()
                    .name("init")
                    .value(initialised)
                    .name("ack")
                    .value(acked);
            w.name("subs");
            JsonValues.write(w, subscriptions);
            w.endObject();
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
        JsonObject g = o.optObject("gql");
        if (g != null) {
            s.graphql = true;
            s.initialised = g.bool("init");
            s.acked = g.bool("ack");
            s.subscriptions = new LinkedHashMap<>(g.object("subs").asMap());
        }
        return s;
    }
}

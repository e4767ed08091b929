package org.sacredcouncil.edge.hub;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.edge.headers.FieldHeaderValues;

/**
 * The server's frames of protocol {@code sacred.v1} (docs/live-field.md#protocol-reference): JSON text, each
 * with {@code type} and {@code v}.
 */
public final class Frames {

    /** Every frame separately: {@code message}, {@code field-update}, {@code presence}, {@code pause}. */
    public static final String PROTOCOL = "sacred.v1";
    /**
     * One frame per change: the {@code field-update} carries the change's new messages, presence and pause
     * (docs/live-field.md#protocol-versions); every other frame as in v1.
     */
    public static final String PROTOCOL_V2 = "sacred.v2";
    /** Answered by the runtime itself, without waking the hub (WebSocket auto-response). */
    public static final String PING = "{\"type\":\"ping\",\"v\":1}";

    public static final String PONG = "{\"type\":\"pong\",\"v\":1}";

    private Frames() {}

    private static JsonWriter frame(String type) {
        return new JsonWriter().beginObject().name("type").value(type).name("v").value(1L);
    }

    /** @param publicField the field as {@code FieldStateJson.writePublic} writes it (kept from its change) */
    public static String welcome(
            FieldState field,
            String publicField,
            List<RecentMessage> recent,
            String presence,
            String pause,
            String role,
            String serverTime) {
        JsonWriter w = frame("sacred-welcome");
        w.name("serverTime").value(serverTime);
        w.name("role").value(role);
        w.name("blessing").value(FieldHeaderValues.blessing(field.global().coherence()));
        w.name("field");
        w.rawValue(publicField);
        w.name("messages").beginArray();
        for (RecentMessage m : recent) {
            m.write(w);
        }
        w.endArray();
        w.name("presence").rawValue(presence);
        w.name("pause").rawValue(pause);
        return w.endObject().toString();
    }

    /**
     * A {@code field-update}. For v1 ({@code messages} null) the field alone; for v2 ({@code "v":2}) also the
     * change's new messages, and presence and pause when they changed with it (each null when not).
     *
     * @param publicField the field as {@code FieldStateJson.writePublic} writes it (written once per change)
     */
    public static String fieldUpdate(
            FieldState field, String publicField, List<RecentMessage> messages, String presence, String pause) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("type")
                .value("field-update")
                .name("v")
                .value(messages == null ? 1L : 2L);
        w.name("version").value(field.version());
        w.name("blessing").value(FieldHeaderValues.blessing(field.global().coherence()));
        w.name("field");
        w.rawValue(publicField);
        if (messages != null) {
            w.name("messages").beginArray();
            for (RecentMessage m : messages) {
                m.write(w);
            }
            w.endArray();
            if (presence != null) {
                w.name("presence").rawValue(presence);
            }
            if (pause != null) {
                w.name("pause").rawValue(pause);
            }
        }
        return w.endObject().toString();
    }

    /** The presence body: agents present (total and per region) and the sockets open now. */
    public static String presenceBody(SortedMap<String, Integer> present, int agentSockets, int viewerSockets) {
        int total = 0;
        JsonWriter w = new JsonWriter().beginObject().name("regions").beginObject();
        for (Map.Entry<String, Integer> region : present.entrySet()) {
            w.name(region.getKey()).value((long) region.getValue());
            total += region.getValue();
        }
        w.endObject().name("agents").value((long) total);
        w.name("sockets")
                .beginObject()
                .name("agents")
                .value((long) agentSockets)
                .name("viewers")
                .value((long) viewerSockets)
                .endObject();
        return w.endObject().toString();
    }

    public static String presence(String body) {
        return frame("presence").name("presence").rawValue(body).endObject().toString();
    }

    public static String message(RecentMessage message) {
        JsonWriter w = frame("message").name("message");
        message.write(w);
        return w.endObject().toString();
    }

    /** The pause body: the kind ({@code none} when writes flow) and its jittered duration. */
    public static String pauseBody(PauseDecision decision) {
        return new JsonWriter()
                .beginObject()
                .name("kind")
                .value(decision.paused() ? decision.kind().code() : "none")
                .name("durationMs")
                .value(decision.durationMillis())
                .name("retryAfter")
                .value(decision.retryAfterSeconds())
                .endObject()
                .toString();
    }

    public static String pause(String body) {
        return frame("pause").name("pause").rawValue(body).endObject().toString();
    }

    public static String error(String code, String message, String id) {
        JsonWriter w = frame("error");
        if (id != null) {
            w.name("id").value(id);
        }
        return w.name("error")
                .beginObject()
                .name("code")
                .value(code)
                .name("message")
                .value(message)
                .endObject()
                .endObject()
                .toString();
    }

    /** The answer to {@code auth}, {@code send} or {@code heartbeat}: the edge's status and body, as REST gives them. */
    public static String ack(String id, String to, int status, String body) {
        JsonWriter w = frame("ack");
        if (id != null) {
            w.name("id").value(id);
        }
        w.name("for").value(to).name("status").value((long) status).name("body");
        if (body == null || body.isEmpty()) {
            w.nullValue();
        } else {
            w.rawValue(body);
        }
        return w.endObject().toString();
    }
}

package org.sacredcouncil.core.event;

import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.time.IsoInstant;

/**
 * CloudEvents 1.0 structured-mode JSON for council events (the Pub/Sub message data), and the bare
 * {@code data} object for stores that keep the envelope fields in columns.
 *
 * <pre>
 * {"specversion":"1.0","id":"…","source":"//sacred-council/heart/europe-west1","type":"council.message.sent",
 *  "time":"2026-11-26T20:00:00Z","subject":"agent-id","datacontenttype":"application/json",
 *  "data":{"message":{"id","agentId","type","text","region","sentAt"},"impact":0.03,
 *          "consciousness":{"coherenceBefore":0.5,"coherenceAfter":0.53,"loveAmplification":1.0}}}
 * </pre>
 */
public final class EventCodec {

    public static final String SPEC_VERSION = "1.0";

    private EventCodec() {}

    public static String toCloudEventJson(CouncilEvent event, String source) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("specversion").value(SPEC_VERSION);
        w.name("id").value(event.id());
        w.name("source").value(source);
        w.name("type").value(event.type());
        w.name("time").value(IsoInstant.format(event.timeMillis()));
        if (event.subject() != null) {
            w.name("subject").value(event.subject());
        }
        w.name("datacontenttype").value("application/json");
        w.name("data");
        writeData(w, event);
        w.endObject();
        return w.toString();
    }

    public static String dataJson(CouncilEvent event) {
        JsonWriter w = new JsonWriter();
        writeData(w, event);
        return w.toString();
    }

    private static void writeData(JsonWriter w, CouncilEvent event) {
        w.beginObject();
        if (event instanceof MessageSent e) {
            SacredMessage m = e.message();
            w.name("message")
                    .beginObject()
                    .name("id")
                    .value(m.id())
                    .name("agentId")
                    .value(m.agentId())
                    .name("type")
                    .value(m.type().wire())
                    .name("text")
                    .value(m.text())
                    .name("region")
                    .value(m.region())
                    .name("sentAt")
                    .value(IsoInstant.format(m.sentAtMillis()))
                    .endObject();
            w.name("impact").value(e.impact());
            w.name("consciousness").beginObject();
            writeOptional(w, "coherenceBefore", e.coherenceBefore());
            writeOptional(w, "coherenceAfter", e.coherenceAfter());
            writeOptional(w, "loveAmplification", e.loveAmplification());
            w.endObject();
        } else if (event instanceof AgentJoined e) {
            w.name("agentId").value(e.agentId()).name("region").value(e.region());
            if (e.name() != null) {
                w.name("name").value(e.name());
            }
        } else if (event instanceof AgentLeft e) {
            w.name("agentId").value(e.agentId()).name("region").value(e.region());
        } else if (event instanceof PresenceBeat e) {
            w.name("agentId")
                    .value(e.agentId())
                    .name("region")
                    .value(e.region())
                    .name("time")
                    .value(IsoInstant.format(e.timeMillis()));
        } else if (event instanceof FieldUpdated e) {
            w.name("field");
            FieldStateJson.write(w, e.field());
        } else if (event instanceof ArtifactAdded e) {
            writeArtifact(w, e.artifactId(), e.agentId(), e.region(), e.sha256());
            w.name("contentType").value(e.contentType()).name("size").value(e.size());
            w.name("name");
            writeNullable(w, e.name());
            w.name("messageId");
            writeNullable(w, e.messageId());
            // the record's times are the event's (docs/artifacts.md#events); decoding takes the envelope's
            w.name("addedAt").value(IsoInstant.format(e.addedAtMillis()));
        } else if (event instanceof ArtifactRemoved e) {
            writeArtifact(w, e.artifactId(), e.agentId(), e.region(), e.sha256());
            w.name("removedAt").value(IsoInstant.format(e.removedAtMillis()));
        }
        w.endObject();
    }

    private static void writeArtifact(JsonWriter w, String artifactId, String agentId, String region, String sha) {
        w.name("artifactId").value(artifactId).name("agentId").value(agentId);
        w.name("region").value(region).name("sha256").value(sha);
    }

    private static void writeNullable(JsonWriter w, String value) {
        if (value == null) {
            w.nullValue();
        } else {
            w.value(value);
        }
    }

    private static void writeOptional(JsonWriter w, String name, double value) {
        w.name(name);
        if (Double.isNaN(value)) {
            w.nullValue();
        } else {
            w.value(value);
        }
    }

    /** Decodes a structured-mode CloudEvent. @throws EventFormatException when it can never be processed */
    public static CouncilEvent fromCloudEventJson(String json) {
        return fromCloudEvent(parseEnvelope(json));
    }

    /**
     * Like {@link #fromCloudEventJson} for the live field's types only (message, agent, presence, field): an
     * artifact event is refused as an unknown type. For the edge's field hub, which is fed only those
     * (docs/live-field.md#feed; docs/artifacts.md#events: the hub ignores artifacts): through this entry the
     * edge's bundle does not carry the artifact events' decoding (about 760 B gzip).
     */
    public static CouncilEvent fromLiveCloudEventJson(String json) {
        JsonObject envelope = parseEnvelope(json);
        try {
            requireSpecVersion(envelope);
            String id = envelope.string("id");
            return liveFromData(
                    envelope.string("type"), id, timeOf(id, envelope.string("time")), envelope.object("data"));
        } catch (JsonException e) {
            throw new EventFormatException("invalid event envelope: " + e.getMessage(), e);
        }
    }

    private static JsonObject parseEnvelope(String json) {
        try {
            return JsonReader.parseObject(json);
        } catch (JsonException e) {
            throw new EventFormatException("event is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static void requireSpecVersion(JsonObject envelope) {
        String spec = envelope.string("specversion");
        if (!SPEC_VERSION.equals(spec)) {
            throw new EventFormatException("unsupported specversion " + spec);
        }
    }

    /** Decodes a structured-mode CloudEvent already parsed (a push read it to learn its type). */
    public static CouncilEvent fromCloudEvent(JsonObject envelope) {
        try {
            requireSpecVersion(envelope);
            return fromData(
                    envelope.string("type"), envelope.string("id"), envelope.string("time"), envelope.object("data"));
        } catch (JsonException e) {
            throw new EventFormatException("invalid event envelope: " + e.getMessage(), e);
        }
    }

    /** Decodes from envelope fields plus the data JSON text (e.g. a CloudEvent in binary mode). */
    public static CouncilEvent fromData(String type, String id, String time, String dataJson) {
        try {
            return fromData(type, id, time, JsonReader.parseObject(dataJson));
        } catch (JsonException e) {
            throw new EventFormatException("invalid event data: " + e.getMessage(), e);
        }
    }

    private static CouncilEvent fromData(String type, String id, String time, JsonObject data) {
        long timeMillis = timeOf(id, time);
        if (EventTypes.ARTIFACT_ADDED.equals(type) || EventTypes.ARTIFACT_REMOVED.equals(type)) {
            return artifactFromData(type, id, timeMillis, data);
        }
        return liveFromData(type, id, timeMillis, data);
    }

    private static long timeOf(String id, String time) {
        if (id == null || id.isEmpty()) {
            throw new EventFormatException("event id is required");
        }
        try {
            return IsoInstant.parse(time);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("event time: " + e.getMessage(), e);
        }
    }

    private static CouncilEvent artifactFromData(String type, String id, long timeMillis, JsonObject data) {
        try {
            if (EventTypes.ARTIFACT_REMOVED.equals(type)) {
                return new ArtifactRemoved(
                        id,
                        timeMillis,
                        data.string("artifactId"),
                        data.string("agentId"),
                        data.string("region"),
                        data.string("sha256"));
            }
            return new ArtifactAdded(
                    id,
                    timeMillis,
                    data.string("artifactId"),
                    data.string("agentId"),
                    data.string("region"),
                    data.string("sha256"),
                    data.string("contentType"),
                    data.integer("size"),
                    data.optString("name", null),
                    data.optString("messageId", null));
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("invalid " + type + " event " + id + ": " + e.getMessage(), e);
        }
    }

    /** The types of the live field (everything but the artifact events). */
    private static CouncilEvent liveFromData(String type, String id, long timeMillis, JsonObject data) {
        try {
            switch (type == null ? "" : type) {
                case EventTypes.MESSAGE_SENT: {
                    JsonObject m = data.object("message");
                    String wireType = m.string("type");
                    MessageType messageType = MessageType.fromWire(wireType);
                    if (messageType == null) {
                        throw new EventFormatException("data.message.type: unknown type '" + wireType + "'");
                    }
                    SacredMessage message = new SacredMessage(
                            m.string("id"),
                            m.string("agentId"),
                            messageType,
                            m.string("text"),
                            m.string("region"),
                            IsoInstant.parse(m.string("sentAt")));
                    JsonObject c = data.optObject("consciousness");
                    double impact = data.number("impact");
                    return new MessageSent(
                            id,
                            timeMillis,
                            message,
                            impact,
                            c == null ? Double.NaN : c.optNumber("coherenceBefore", Double.NaN),
                            c == null ? Double.NaN : c.optNumber("coherenceAfter", Double.NaN),
                            c == null ? 1.0 : c.optNumber("loveAmplification", 1.0));
                }
                case EventTypes.AGENT_JOINED:
                    return new AgentJoined(
                            id,
                            timeMillis,
                            data.string("agentId"),
                            data.string("region"),
                            data.optString("name", null));
                case EventTypes.AGENT_LEFT:
                    return new AgentLeft(id, timeMillis, data.string("agentId"), data.string("region"));
                case EventTypes.PRESENCE_BEAT:
                    return new PresenceBeat(id, timeMillis, data.string("agentId"), data.string("region"));
                case EventTypes.FIELD_UPDATED: {
                    FieldState field = FieldStateJson.fromJson(data.object("field"));
                    return new FieldUpdated(id, timeMillis, field);
                }
                default:
                    throw new EventFormatException("unknown event type '" + type + "'");
            }
        } catch (EventFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("invalid " + type + " event " + id + ": " + e.getMessage(), e);
        }
    }
}

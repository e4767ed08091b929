package org.sacredcouncil.edge.hub;

import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.time.IsoInstant;

/**
 * A recent message as sockets see it: the message as heart's {@code GET /v1/messages} shows it, its impact, and
 * the glyphs wisdom added ({@code glyphsJson}, a JSON array, {@code []} until they arrive).
 */
public final class RecentMessage {
    private final String id;
    private final String messageId;
    private final String agentId;
    private final String type;
    private final String text;
    private final String region;
    private final String sentAt;
    private final long recordedAt;
    private final double impact;
    private final String glyphsJson;

    RecentMessage(
            String id,
            String messageId,
            String agentId,
            String type,
            String text,
            String region,
            String sentAt,
            long recordedAt,
            double impact,
            String glyphsJson) {
        this.id = id;
        this.messageId = messageId;
        this.agentId = agentId;
        this.type = type;
        this.text = text;
        this.region = region;
        this.sentAt = sentAt;
        this.recordedAt = recordedAt;
        this.impact = impact;
        this.glyphsJson = glyphsJson;
    }

    public String id() {
        return id;
    }

    public String messageId() {
        return messageId;
    }

    public String agentId() {
        return agentId;
    }

    public String type() {
        return type;
    }

    public String text() {
        return text;
    }

    public String region() {
        return region;
    }

    public String sentAt() {
        return sentAt;
    }

    public long recordedAt() {
        return recordedAt;
    }

    public double impact() {
        return impact;
    }

    public String glyphsJson() {
        return glyphsJson;
    }

    static RecentMessage of(MessageSent event, long recordedAt) {
        SacredMessage m = event.message();
        return new RecentMessage(
                event.id(),
                m.id(),
                m.agentId(),
                m.type().wire(),
                m.text(),
                m.region(),
                IsoInstant.format(m.sentAtMillis()),
                recordedAt,
                event.impact(),
                "[]");
    }

    RecentMessage withGlyphs(String glyphs) {
        return new RecentMessage(id, messageId, agentId, type, text, region, sentAt, recordedAt, impact, glyphs);
    }

    void write(JsonWriter w) {
        w.beginObject()
                .name("id")
                .value(messageId)
                .name("eventId")
                .value(id)
                .name("agentId")
                .value(agentId)
                .name("type")
                .value(type)
                .name("text")
                .value(text)
                .name("region")
                .value(region)
                .name("sentAt")
                .value(sentAt)
                .name("recordedAt")
                .value(IsoInstant.format(recordedAt))
                .name("impact")
                .value(impact)
                .name("glyphs")
                .rawValue(glyphsJson)
                .endObject();
    }

    static RecentMessage read(JsonObject o) {
        return new RecentMessage(
                o.string("eventId"),
                o.string("id"),
                o.string("agentId"),
                o.string("type"),
                o.string("text"),
                o.string("region"),
                o.string("sentAt"),
                IsoInstant.parse(o.string("recordedAt")),
                o.number("impact"),
                JsonValues.write(o.array("glyphs")));
    }

    static RecentMessage parse(String json) {
        return read(JsonReader.parseObject(json));
    }
}

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
public record RecentMessage(String id, String messageId, String agentId, String type, String text, String region,
                            String sentAt, long recordedAt, double impact, String glyphsJson) {

    static RecentMessage of(MessageSent event, long recordedAt) {
        SacredMessage m = event.message();
        return new RecentMessage(event.id(), m.id(), m.agentId(), m.type().wire(), m.text(), m.region(),
                IsoInstant.format(m.sentAtMillis()), recordedAt, event.impact(), "[]");
    }

    RecentMessage withGlyphs(String glyphs) {
        return new RecentMessage(id, messageId, agentId, type, text, region, sentAt, recordedAt, impact, glyphs);
    }

    void write(JsonWriter w) {
        w.beginObject().name("id").value(messageId).name("eventId").value(id).name("agentId").value(agentId)
                .name("type").value(type).name("text").value(text).name("region").value(region)
                .name("sentAt").value(sentAt).name("recordedAt").value(IsoInstant.format(recordedAt))
                .name("impact").value(impact).name("glyphs").rawValue(glyphsJson).endObject();
    }

    static RecentMessage read(JsonObject o) {
        return new RecentMessage(o.string("eventId"), o.string("id"), o.string("agentId"), o.string("type"),
                o.string("text"), o.string("region"), o.string("sentAt"), IsoInstant.parse(o.string("recordedAt")),
                o.number("impact"), JsonValues.write(o.array("glyphs")));
    }

    static RecentMessage parse(String json) {
        return read(JsonReader.parseObject(json));
    }
}

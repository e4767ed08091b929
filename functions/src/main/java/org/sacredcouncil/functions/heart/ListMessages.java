package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.MessagePage;
import org.sacredcouncil.functions.store.MessageQueries;
import org.sacredcouncil.functions.store.StoredMessage;

/**
 * {@code GET /v1/messages}: newest first, filtered by agent, type, region and time, keyset-paginated on
 * (sentAt, id). Every query value is checked before PostgreSQL sees it: a value it would refuse (an
 * out-of-range time, a NUL) would otherwise be a 5xx caused by the client.
 */
final class ListMessages implements Handler {

    private final Database database;
    private final MessageQueries messages;

    ListMessages(HeartParts parts) {
        this.database = parts.database();
        this.messages = parts.messages();
    }

    @Override
    public JsonResponse handle(IncomingRequest in, Map<String, String> path) throws SQLException {
        String agentId = in.query("agentId");
        String type = in.query("type");
        String where = in.query("region");
        String since = in.query("since");
        if (agentId != null && !AgentRules.isValidId(agentId)) {
            throw ApiError.invalid("query:agentId", AgentRules.ID_RULE);
        }
        if (type != null && MessageType.fromWire(type) == null) {
            throw ApiError.invalid("query:type", "unknown type; one of " + MessageType.wireNames());
        }
        if (where != null && !AgentRules.isValidRegion(where)) {
            throw ApiError.invalid("query:region", AgentRules.REGION_RULE);
        }
        Long sinceMillis = null;
        if (since != null) {
            try {
                sinceMillis = IsoInstant.parse(since);
            } catch (IllegalArgumentException e) {
                sinceMillis = null;
            }
            // PostgreSQL's timestamptz ends in the year 294276; a 10,000-year bound keeps every value storable
            if (sinceMillis == null
                    || sinceMillis < PageRequest.MIN_TIME_MILLIS
                    || sinceMillis > PageRequest.MAX_TIME_MILLIS) {
                throw ApiError.invalid("query:since", "an ISO-8601 UTC time such as 2026-11-26T20:00:00Z");
            }
        }
        PageRequest pageRequest = PageRequest.of(in);
        database.migrated();
        MessagePage page = messages.list(
                new MessageQueries.Filter(agentId, type, where, sinceMillis), pageRequest.after(), pageRequest.limit());
        JsonWriter w = new JsonWriter().beginObject().name("messages").beginArray();
        for (StoredMessage m : page.messages()) {
            writeMessage(w, m);
        }
        w.endArray();
        w.name("nextCursor");
        if (page.nextCursor() == null) {
            w.nullValue();
        } else {
            w.value(page.nextCursor());
        }
        return new JsonResponse(200, w.endObject().toString());
    }

    /** One message as the listing shows it (also GraphQL's {@code _entities}, docs/graphql.md#where). */
    static void writeMessage(JsonWriter w, StoredMessage m) {
        w.beginObject()
                .name("id")
                .value(m.id())
                .name("agentId")
                .value(m.agentId())
                .name("type")
                .value(m.type())
                .name("text")
                .value(m.text())
                .name("region")
                .value(m.region())
                .name("impact")
                .value(m.impact())
                .name("sentAt")
                .value(IsoInstant.format(m.sentAtMillis()));
        w.name("glyphs").beginArray();
        m.glyphs().forEach(w::value);
        w.endArray();
        if (m.reflection() != null) {
            w.name("reflection").value(m.reflection());
        }
        w.endObject();
    }
}

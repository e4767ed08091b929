package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.text.TextHygiene;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.KeysetCursor;
import org.sacredcouncil.functions.store.MessagePage;
import org.sacredcouncil.functions.store.MessageQueries;
import org.sacredcouncil.functions.store.StoredMessage;

/**
 * {@code GET /v1/messages}: newest first, filtered by agent, type, region and time, keyset-paginated on
 * (sentAt, id). Every query value is checked before PostgreSQL sees it: a value it would refuse (an
 * out-of-range time, a NUL) would otherwise be a 5xx caused by the client.
 */
final class ListMessages implements Handler {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

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
        String cursor = in.query("cursor");
        String limitText = in.query("limit");
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
            if (sinceMillis == null || sinceMillis < MIN_TIME_MILLIS || sinceMillis > MAX_TIME_MILLIS) {
                throw ApiError.invalid("query:since", "an ISO-8601 UTC time such as 2026-11-26T20:00:00Z");
            }
        }
        int limit = limit(limitText);
        if (cursor != null) {
            requireValidCursor(cursor);
        }
        database.migrated();
        MessagePage page;
        try {
            page = messages.list(new MessageQueries.Filter(agentId, type, where, sinceMillis), cursor, limit);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("query:cursor", e.getMessage());
        }
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

    /** The {@code limit} query value: 1 to {@link #MAX_PAGE}, {@link #DEFAULT_PAGE} when absent (also GET /v1/artifacts). */
    static int limit(String limitText) {
        if (limitText == null) {
            return DEFAULT_PAGE;
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiError.invalid("query:limit", "an integer from 1 to " + MAX_PAGE);
        }
        return limit;
    }

    /** Year 0 to 9999, within what PostgreSQL stores and IsoInstant writes. */
    static final long MIN_TIME_MILLIS = -62_167_219_200_000L;

    static final long MAX_TIME_MILLIS = 253_402_300_799_999L;

    /**
     * A cursor is ours only if its parts could have come from a row: a time within range and an id of the
     * shape heart assigns (a message's or an artifact's). Anything else would reach PostgreSQL as an out-of-range timestamp or a
     * string with a NUL — a 5xx caused by the client.
     */
    static void requireValidCursor(String cursor) {
        KeysetCursor parts;
        try {
            parts = KeysetCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
        long at = parts.atMillis();
        String id = parts.id();
        if (at < MIN_TIME_MILLIS
                || at > MAX_TIME_MILLIS
                || id.length() > 128
                || !TextHygiene.isClean(id, TextHygiene.Kind.LABEL)) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
    }
}

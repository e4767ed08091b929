package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.FieldHistory;

/**
 * {@code GET /v1/field/history?minutes=60}: the field as the ticks left it over the last {@code minutes}
 * (1 to {@link FieldHistory#MAX_MINUTES}, default 60), oldest first, for the dashboard's chart:
 * {@code {"minutes", "points": [{"at", "version", "coherence", "agentsPresent", "regions": {"<r>":
 * {"coherence", "agents"}}}]}}. Public and cacheable for a little less than a tick ({@link #CACHE_CONTROL}):
 * a new point comes once a tick, and the dashboard extends the chart live from the socket in between.
 */
final class FieldHistoryRoute implements Handler {

    static final String PATH = "/v1/field/history";
    static final String CACHE_CONTROL = "public, max-age=30";
    static final int DEFAULT_MINUTES = 60;

    private final Database database;
    private final FieldHistory history;

    FieldHistoryRoute(HeartParts parts) {
        this(parts.database());
    }

    FieldHistoryRoute(Database database) {
        this.database = database;
        this.history = new FieldHistory(database.dataSource());
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) throws SQLException {
        return serve(request.query("minutes"), System.currentTimeMillis());
    }

    /** @param minutesText the raw {@code minutes} query value, null when absent */
    JsonResponse serve(String minutesText, long now) throws SQLException {
        int minutes = minutes(minutesText);
        database.migrated();
        List<FieldHistory.Point> points = history.last(minutes, now);
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("minutes")
                .value((long) minutes)
                .name("points")
                .beginArray();
        for (FieldHistory.Point p : points) {
            w.beginObject()
                    .name("at")
                    .value(IsoInstant.format(p.atMillis()))
                    .name("version")
                    .value(p.version())
                    .name("coherence")
                    .value(p.coherence())
                    .name("agentsPresent")
                    .value((long) p.agentsPresent())
                    .name("regions")
                    .rawValue(p.regionsJson())
                    .endObject();
        }
        return new JsonResponse(200, w.endArray().endObject().toString());
    }

    static int minutes(String text) {
        if (text == null) {
            return DEFAULT_MINUTES;
        }
        int minutes = -1;
        if (text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            minutes = Integer.parseInt(text);
        }
        if (minutes < 1 || minutes > FieldHistory.MAX_MINUTES) {
            throw ApiError.invalid("query:minutes", "an integer from 1 to " + FieldHistory.MAX_MINUTES);
        }
        return minutes;
    }
}

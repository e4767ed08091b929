package org.sacredcouncil.functions.scaling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.sacredcouncil.core.event.EventTypes;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * Reads {@link CouncilActivity} from PostgreSQL: two small queries, not the coherence window.
 *
 * <ul>
 *   <li>the rate: recorded messages per region over the last {@code windowMinutes} (the index on {@code events
 *       (type, occurred_at)} bounds it to the window, as coherence's read);
 *   <li>coherence: the newest {@code field_history} row, the field coherence computed on its last tick, with its
 *       regions. Reading it instead of recomputing keeps one fold of the window per minute (coherence's) and lets
 *       the scaling step follow exactly the field the edge pauses on.
 * </ul>
 */
public final class ActivityReader {

    /** A field older than this (coherence down for a quarter of an hour) says nothing about strain now. */
    static final long STALE_FIELD_MILLIS = 15 * 60_000L;

    private final DataSource db;
    private final int windowMinutes;

    public ActivityReader(DataSource db, int windowMinutes) {
        if (windowMinutes < 1 || windowMinutes > 60) {
            throw new IllegalArgumentException(
                    "SCALING_RATE_WINDOW_MINUTES must be within [1, 60], was " + windowMinutes);
        }
        this.db = db;
        this.windowMinutes = windowMinutes;
    }

    public CouncilActivity read(long now) throws SQLException {
        Map<String, Double> rates = new TreeMap<>();
        double global = Double.NaN;
        Map<String, Double> regions = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT m.region, count(*) FROM events e "
                    + "JOIN messages m ON m.event_id = e.event_id WHERE e.type = ? AND e.occurred_at >= ? "
                    + "AND e.occurred_at < ? GROUP BY m.region")) {
                s.setString(1, EventTypes.MESSAGE_SENT);
                s.setTimestamp(2, new Timestamp(now - windowMinutes * 60_000L));
                s.setTimestamp(3, new Timestamp(now + 1));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rates.put(r.getString(1), r.getLong(2) / (double) windowMinutes);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT coherence, regions FROM field_history WHERE at >= ? ORDER BY at DESC LIMIT 1")) {
                // an older field is no reading of the council now: no strain is assumed (NaN)
                s.setTimestamp(1, new Timestamp(now - STALE_FIELD_MILLIS));
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        global = r.getDouble(1);
                        regions = regionCoherence(r.getString(2));
                    }
                }
            }
        }
        return new CouncilActivity(rates, global, regions);
    }

    /** {@code regions} is the field's regions object, {@code {"eu":{"coherence":0.7,...},...}}. */
    static Map<String, Double> regionCoherence(String json) {
        Map<String, Double> out = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonObject regions = JsonReader.parseObject(json);
        for (String name : regions.names()) {
            JsonObject region = regions.optObject(name);
            if (region != null && region.has("coherence")) {
                out.put(name, region.number("coherence"));
            }
        }
        return out;
    }
}

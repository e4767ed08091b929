package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * The field as each tick left it (table {@code field_history}, V4): the dashboard's chart of coherence and
 * presence over the last hour reads it through heart's {@code GET /v1/field/history}.
 */
public final class FieldHistory {

    /** A chart needs no more points than this, whatever the tick period (2 s locally, 60 s deployed). */
    public static final int MAX_POINTS = 720;

    public static final int MAX_MINUTES = (int) (Retention.FIELD_HISTORY.toMinutes());

    /** One tick's field: {@code regionsJson} is {@code {"<region>":{"coherence":c,"agents":n},...}}. */
    public record Point(long atMillis, long version, double coherence, int agentsPresent, String regionsJson) {}

    private final DataSource db;

    public FieldHistory(DataSource db) {
        this.db = db;
    }

    /** Inside the tick's transaction: the row commits with the tick's claim or not at all. */
    public static void append(Connection c, String tickId, FieldState state) throws SQLException {
        JsonWriter regions = new JsonWriter().beginObject();
        state.regions()
                .forEach((name, r) -> regions.name(name)
                        .beginObject()
                        .name("coherence")
                        .value(r.coherence())
                        .name("agents")
                        .value((long) r.agents())
                        .endObject());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO field_history (tick_id, at, version, coherence, "
                + "agents_present, regions) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tick_id) DO NOTHING")) {
            s.setString(1, tickId);
            s.setTimestamp(2, new Timestamp(state.updatedAtMillis()));
            s.setLong(3, state.version());
            s.setDouble(4, state.global().coherence());
            s.setInt(5, state.global().agents());
            s.setString(6, regions.endObject().toString());
            s.executeUpdate();
        }
    }

    /**
     * The points of the last {@code minutes} before {@code now}, oldest first; when the ticks are denser than
     * {@link #MAX_POINTS} over the range, the last point of each equal time step.
     */
    public List<Point> last(int minutes, long now) throws SQLException {
        long stepMillis = Math.max(1, minutes * 60_000L / MAX_POINTS);
        List<Point> points = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT DISTINCT ON (step) at, version, coherence, "
                        + "agents_present, regions FROM (SELECT *, floor(extract(epoch FROM at) * 1000 / ?) AS step "
                        + "FROM field_history WHERE at > ? AND at <= ?) h ORDER BY step, at DESC, version DESC")) {
            s.setLong(1, stepMillis);
            s.setTimestamp(2, new Timestamp(now - minutes * 60_000L));
            s.setTimestamp(3, new Timestamp(now));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    points.add(new Point(
                            r.getTimestamp(1).getTime(), r.getLong(2), r.getDouble(3), r.getInt(4), r.getString(5)));
                }
            }
        }
        return points;
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.EventTypes;

/**
 * When the log recorded events ({@code events.recorded_at}): the feed tells the hub, so that a snapshot can
 * say which recent contributions it already covers (docs/live-field.md#feed).
 */
public final class RecordedTimes {

    private final DataSource db;

    public RecordedTimes(DataSource db) {
        this.db = db;
    }

    /** The row's recorded_at in unix millis (primary-key lookup); -1 when there is no such row. */
    public long of(String eventId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT recorded_at FROM events WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getTimestamp(1).getTime() : -1;
            }
        }
    }

    /**
     * The ids of the window's messages recorded at or after {@code since}. Bounded by the window on the
     * {@code (type, occurred_at)} index, so it reads no more than the window query itself.
     */
    public Set<String> messagesRecordedSince(long now, CoherenceModel model, long since) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT event_id FROM events WHERE type = ? "
                        + "AND occurred_at >= ? AND occurred_at < ? AND recorded_at >= ?")) {
            s.setString(1, EventTypes.MESSAGE_SENT);
            s.setTimestamp(2, new Timestamp(model.windowStart(now)));
            s.setTimestamp(3, new Timestamp(model.windowEnd(now)));
            s.setTimestamp(4, new Timestamp(since));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }
}

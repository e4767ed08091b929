package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.ArtifactAdded;
import org.sacredcouncil.core.event.ArtifactRemoved;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventTypes;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.presence.PresenceTracker;

/** The council's event log in PostgreSQL: one row per event id, whatever the number of deliveries. */
public final class EventLog {

    private final DataSource db;

    public EventLog(DataSource db) {
        this.db = db;
    }

    /**
     * Records an event and its read-model rows in one transaction. Returns false when the id was already
     * there (a redelivery): nothing changes then.
     */
    public boolean record(CouncilEvent event, String cloudEventJson) throws SQLException {
        return record(event, cloudEventJson, null);
    }

    /** Like {@link #record(CouncilEvent, String)}, keeping the W3C {@code traceparent} it was received under. */
    public boolean record(CouncilEvent event, String cloudEventJson, String traceParent) throws SQLException {
        boolean artifact = event instanceof ArtifactAdded || event instanceof ArtifactRemoved;
        try (Connection c = db.getConnection()) {
            if (!artifact) {
                return recordOne(c, event, cloudEventJson, traceParent);
            }
            // an artifact's record is a second statement (docs/artifacts.md#events): one transaction for both
            c.setAutoCommit(false);
            try {
                boolean inserted = recordOne(c, event, cloudEventJson, traceParent);
                if (inserted && event instanceof ArtifactAdded a) {
                    ArtifactStore.recordAdded(c, a);
                } else if (inserted && event instanceof ArtifactRemoved r) {
                    ArtifactStore.recordRemoved(c, r);
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The event row, and its read models when it is new, in one statement; true when it was new. */
    private static boolean recordOne(Connection c, CouncilEvent event, String cloudEventJson, String traceParent)
            throws SQLException {
        // One statement, so one round trip and one implicit transaction: the event row, and only when it is new
        // its read models (the RETURNING of a conflicting insert is empty, so they see no row). Four round trips
        // before (BEGIN + three statements + COMMIT); the work in PostgreSQL is the same.
        String readModel = event instanceof MessageSent
                ? INSERT_MESSAGE + ", " + TOUCH_AGENT
                : event instanceof AgentLeft ? AGENT_LEFT : event.subject() != null ? TOUCH_AGENT : null;
        try (PreparedStatement s = c.prepareStatement("WITH e AS (" + INSERT_EVENT + ")"
                + (readModel == null ? "" : ", " + readModel) + " SELECT count(*) FROM e")) {
            int i = 0;
            s.setString(++i, event.id());
            s.setString(++i, event.type());
            s.setString(++i, event.subject());
            s.setString(++i, event.region());
            s.setTimestamp(++i, new Timestamp(event.timeMillis()));
            if (event instanceof MessageSent m) {
                s.setDouble(++i, m.impact());
            } else {
                s.setNull(++i, java.sql.Types.DOUBLE);
            }
            s.setString(++i, cloudEventJson);
            s.setString(++i, traceParent);
            if (event instanceof MessageSent m) {
                SacredMessage msg = m.message();
                s.setString(++i, msg.id());
                s.setString(++i, msg.agentId());
                s.setString(++i, msg.type().wire());
                s.setString(++i, msg.text());
                s.setString(++i, msg.region());
                s.setDouble(++i, m.impact());
                s.setTimestamp(++i, new Timestamp(msg.sentAtMillis()));
            }
            if (readModel != null) {
                // a sign of life of its agent (join, heartbeat, message), or its leaving: only ever forward
                s.setTimestamp(++i, new Timestamp(event.timeMillis()));
                s.setTimestamp(++i, new Timestamp(event.timeMillis()));
                s.setString(++i, event.subject());
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getInt(1) == 1;
            }
        }
    }

    private static final String INSERT_EVENT = "INSERT INTO events (event_id, type, agent_id, region, occurred_at, "
            + "impact, cloud_event, trace_parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    /** Typed casts: in a SELECT list a parameter's type is not inferred from the target column. */
    private static final String INSERT_MESSAGE = "msg AS (INSERT INTO messages (id, event_id, agent_id, type, text, "
            + "region, impact, sent_at) SELECT ?::text, event_id, ?::text, ?::text, ?::text, ?::text, "
            + "?::double precision, ?::timestamptz FROM e ON CONFLICT (id) DO NOTHING)";

    /** last_seen only moves forward, so beats arriving out of order leave the latest one. */
    private static final String TOUCH_AGENT =
            "seen AS (UPDATE agents SET last_seen = GREATEST(COALESCE(last_seen, ?), ?) "
                    + "WHERE id = ? AND EXISTS (SELECT 1 FROM e))";

    private static final String AGENT_LEFT = "gone AS (UPDATE agents SET left_at = GREATEST(COALESCE(left_at, ?), ?) "
            + "WHERE id = ? AND EXISTS (SELECT 1 FROM e))";

    /**
     * The messages that count at {@code now}: only the window is read (index on type, occurred_at), by
     * column. The fold needs the id, time, agent, region, type and impact: the event's columns and its
     * {@code messages} row (written in the same transaction by {@link #record}) carry them, so the JSON is
     * parsed only for an event without that row (a message id taken by another event, which the
     * {@code ON CONFLICT (id) DO NOTHING} there leaves out). heart's consciousness block is informational and
     * not part of the fold: read by column it is "not recorded" (NaN).
     */
    public List<MessageSent> messagesInWindow(long now, CoherenceModel model) throws SQLException {
        List<MessageSent> events = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT e.event_id, e.occurred_at, e.impact, m.id, m.agent_id, "
                                + "m.type, m.text, m.region, m.sent_at, CASE WHEN m.id IS NULL THEN e.cloud_event END "
                                + "FROM events e LEFT JOIN messages m ON m.event_id = e.event_id WHERE e.type = ? "
                                + "AND e.occurred_at >= ? AND e.occurred_at < ? ORDER BY e.occurred_at, e.event_id")) {
            s.setString(1, EventTypes.MESSAGE_SENT);
            s.setTimestamp(2, new Timestamp(model.windowStart(now)));
            s.setTimestamp(3, new Timestamp(model.windowEnd(now)));
            s.setFetchSize(1000);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    MessageSent m = r.getString(4) == null ? parsed(r.getString(10)) : byColumn(r);
                    if (m != null) {
                        events.add(m);
                    }
                }
            }
        }
        return events;
    }

    /**
     * The {@code traceparent}s of the {@code limit} newest messages in the window at {@code now} that carry one
     * (newest first): coherence's tick links to their traces. The (type, occurred_at) index read backwards.
     */
    public List<String> newestMessageTraces(long now, CoherenceModel model, int limit) throws SQLException {
        List<String> traces = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT trace_parent FROM events WHERE type = ? "
                        + "AND occurred_at >= ? AND occurred_at < ? AND trace_parent IS NOT NULL "
                        + "ORDER BY occurred_at DESC LIMIT ?")) {
            s.setString(1, EventTypes.MESSAGE_SENT);
            s.setTimestamp(2, new Timestamp(model.windowStart(now)));
            s.setTimestamp(3, new Timestamp(model.windowEnd(now)));
            s.setInt(4, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    traces.add(r.getString(1));
                }
            }
        }
        return traces;
    }

    private static MessageSent byColumn(ResultSet r) throws SQLException {
        MessageType type = MessageType.fromWire(r.getString(6));
        if (type == null) {
            return null; // the messages table holds only types heart accepted; a hand-edited row is not the council's
        }
        SacredMessage message = new SacredMessage(
                r.getString(4),
                r.getString(5),
                type,
                r.getString(7),
                r.getString(8),
                r.getTimestamp(9).getTime());
        return new MessageSent(
                r.getString(1),
                r.getTimestamp(2).getTime(),
                message,
                r.getDouble(3),
                Double.NaN,
                Double.NaN,
                NOT_RECORDED_AMPLIFICATION);
    }

    /** loveAmplification must be finite: 1 is "no amplification"; the fold never reads it. */
    private static final double NOT_RECORDED_AMPLIFICATION = 1.0;

    private static MessageSent parsed(String cloudEventJson) {
        return EventCodec.fromCloudEventJson(cloudEventJson) instanceof MessageSent m ? m : null;
    }

    /** Presence at {@code now} from the signs of life in the presence window. */
    public PresenceTracker presence(long now, long windowMillis) throws SQLException {
        PresenceTracker tracker = new PresenceTracker(windowMillis);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT type, agent_id, region, occurred_at FROM events "
                        + "WHERE type IN (?, ?, ?, ?) AND occurred_at >= ? AND agent_id IS NOT NULL")) {
            s.setString(1, EventTypes.MESSAGE_SENT);
            s.setString(2, EventTypes.PRESENCE_BEAT);
            s.setString(3, EventTypes.AGENT_JOINED);
            s.setString(4, EventTypes.AGENT_LEFT);
            s.setTimestamp(5, new Timestamp(now - windowMillis));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long at = r.getTimestamp(4).getTime();
                    if (EventTypes.AGENT_LEFT.equals(r.getString(1))) {
                        tracker.left(r.getString(2), at);
                    } else {
                        tracker.seen(r.getString(2), r.getString(3), at);
                    }
                }
            }
        }
        return tracker;
    }
}

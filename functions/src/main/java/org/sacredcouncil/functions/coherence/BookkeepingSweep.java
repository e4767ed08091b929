package org.sacredcouncil.functions.coherence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.store.Retention;

/**
 * Deletes expired bookkeeping once per tick, in small batches (store/Retention.java has each horizon and
 * why): processed tick claims, Idempotency-Key records, the field's history (V4), and field shards with their duplicate markers once
 * they are past the window and its margin. The log itself is not touched (the operator's
 * {@code prune_event_log}). A failing sweep is logged and retried by the next tick; it never fails a tick.
 */
public final class BookkeepingSweep {

    private static final StructuredLog LOG = StructuredLog.of("coherence");

    private final DataSource db;
    private final LiveView live;
    private final CoherenceModel model;

    public BookkeepingSweep(DataSource db, LiveView live, CoherenceModel model) {
        this.db = db;
        this.live = live;
        this.model = model;
    }

    /** What one sweep deleted. */
    public record Swept(int ticks, int idempotencyKeys, int shards) {}

    public Swept sweep(long now) {
        int ticks = deleteOlder("processed_ticks", "processed_at", now - Retention.PROCESSED_TICKS.toMillis());
        int keys = deleteOlder("idempotency_keys", "created_at", now - Retention.IDEMPOTENCY_KEYS.toMillis());
        int history = deleteOlder("field_history", "at", now - Retention.FIELD_HISTORY.toMillis());
        int shards = 0;
        try {
            shards = live.deleteShardsBefore(
                    model.oldestBucket(now) - Retention.SHARD_MARGIN_BUCKETS, Retention.SWEEP_BATCH / 10);
        } catch (LiveViewException | RuntimeException e) {
            LOG.warn("shard sweep failed; the next tick tries again", "error", e.toString());
        }
        Swept swept = new Swept(ticks, keys, shards);
        if (ticks + keys + shards + history > 0) {
            LOG.info(
                    "expired bookkeeping deleted",
                    "processedTicks",
                    ticks,
                    "idempotencyKeys",
                    keys,
                    "fieldShards",
                    shards,
                    "fieldHistory",
                    history);
        }
        return swept;
    }

    /** One batch, oldest rows by the column's index (V3); ctid: the same statement for any primary key. */
    private int deleteOlder(String table, String column, long beforeMillis) {
        String sql = "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column
                + " < ? LIMIT " + Retention.SWEEP_BATCH + ")";
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, new Timestamp(beforeMillis));
            return s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("bookkeeping sweep failed; the next tick tries again", "table", table, "error", e.toString());
            return 0;
        }
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.store.EventLog;
import org.sacredcouncil.functions.store.GlyphStore;
import org.sacredcouncil.functions.store.Retention;

/**
 * Bounded bookkeeping (store/Retention.java): coherence's tick deletes expired tick claims, Idempotency-Key
 * records and field shards with their duplicate markers, and keeps the young ones; the operator's
 * {@code prune_event_log} refuses a cutoff inside the protected age and, outside it, leaves the window
 * recomputation exactly as it was.
 */
@ExtendWith(LocalCloudExtension.class)
class BookkeepingTest {

    static LocalCloud cloud;
    static FunctionStack stack;
    static final CoherenceModel MODEL = CoherenceModel.DEFAULT;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        // memory migrates the fresh database on its first event
        assertThat(Push.deliver(
                        stack.http,
                        stack.memoryPort,
                        "m-" + UUID.randomUUID(),
                        EventCodec.toCloudEventJson(
                                PipelineTest.messageEvent("bookkeeping", 0, System.currentTimeMillis()), "//test")))
                .isEqualTo(200);
    }

    static void execute(String sql, Object... args) throws SQLException {
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    static int count(String sql, Object... args) throws SQLException {
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static Timestamp ago(Duration d) {
        return new Timestamp(System.currentTimeMillis() - d.toMillis());
    }

    static DocumentReference shard(Firestore db, String region, long bucket, String eventId) throws Exception {
        DocumentReference shard = db.collection("fieldShards").document(region + "_" + bucket + "_0");
        shard.set(Map.of("region", region, "bucket", bucket, "impact", 0.01, "loving", 0.0, "weight", 0.01, "count", 1))
                .get();
        shard.collection("applied").document(eventId).set(Map.of("at", 1)).get();
        return shard;
    }

    @Test
    void aTickDeletesExpiredClaimsKeysAndShardsAndKeepsYoungOnes() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Duration expiredTick = Retention.PROCESSED_TICKS.plusHours(1);
        Duration expiredKey = Retention.IDEMPOTENCY_KEYS.plusHours(1);
        execute(
                "INSERT INTO processed_ticks (tick_id, field_version, processed_at) VALUES (?, 1, ?)",
                "old-" + tag,
                ago(expiredTick));
        execute(
                "INSERT INTO processed_ticks (tick_id, field_version, processed_at) VALUES (?, 1, ?)",
                "young-" + tag,
                ago(Duration.ofHours(1)));
        execute(
                "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) "
                        + "VALUES (?, 'old', 'h', 202, '{}', ?)",
                tag,
                ago(expiredKey));
        execute(
                "INSERT INTO idempotency_keys (scope, key, request_hash, status, body, created_at) "
                        + "VALUES (?, 'young', 'h', 202, '{}', ?)",
                tag,
                ago(Duration.ofHours(1)));
        Firestore db = cloud.firestore();
        long now = System.currentTimeMillis();
        long expiredBucket = MODEL.oldestBucket(now) - Retention.SHARD_MARGIN_BUCKETS - 5;
        long keptBucket =
                MODEL.oldestBucket(now) - Retention.SHARD_MARGIN_BUCKETS + 5; // past the window, in the margin
        DocumentReference expired = shard(db, "sweep-" + tag, expiredBucket, "e1-" + tag);
        DocumentReference kept = shard(db, "sweep-" + tag, keptBucket, "e2-" + tag);

        assertThat(Push.deliver(stack.http, stack.coherencePort, "tick-" + tag, "{}"))
                .isEqualTo(200);

        assertThat(count("SELECT count(*) FROM processed_ticks WHERE tick_id = ?", "old-" + tag))
                .isZero();
        assertThat(count("SELECT count(*) FROM processed_ticks WHERE tick_id = ?", "young-" + tag))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM processed_ticks WHERE tick_id = ?", "tick-" + tag))
                .as("this tick's own claim")
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE scope = ? AND key = 'old'", tag))
                .isZero();
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE scope = ? AND key = 'young'", tag))
                .isEqualTo(1);
        assertThat(expired.get().get().exists()).isFalse();
        assertThat(expired.collection("applied").get().get().isEmpty())
                .as("its duplicate markers too")
                .isTrue();
        assertThat(kept.get().get().exists()).isTrue();
        assertThat(kept.collection("applied").get().get().size()).isEqualTo(1);
    }

    @Test
    void pruningTheLogRefusesTheProtectedAgeAndNeverChangesTheWindow() throws Exception {
        DataSource db = cloud.dataSource();
        EventLog log = new EventLog(db);
        String region = "prune-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        MessageSent old =
                PipelineTest.messageEvent(region, 1, now - Duration.ofDays(20).toMillis());
        MessageSent oldButProtected = PipelineTest.messageEvent(
                region, 2, now - Retention.LOG_MINIMUM_AGE.minusHours(2).toMillis());
        MessageSent recent = PipelineTest.messageEvent(region, 3, now - 60_000);
        for (MessageSent m : List.of(old, oldButProtected, recent)) {
            log.record(m, EventCodec.toCloudEventJson(m, "//test"));
            new GlyphStore(db).storeFirst(m.message().id(), new GlyphStore.StoredGlyphs(List.of("x"), null, "test"));
        }
        FieldReading before = FieldRecompute.read(log.messagesInWindow(now, MODEL), now, MODEL);

        assertThatThrownBy(() -> execute("SELECT prune_event_log(now() - interval '2 hours')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("younger than 9 days")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        assertThatThrownBy(() -> execute("SELECT prune_event_log(now() - interval '8 days')"))
                .isInstanceOf(SQLException.class);
        assertThat(count("SELECT count(*) FROM events WHERE region = ?", region))
                .isEqualTo(3);

        int pruned;
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT prune_event_log(now() - interval '10 days')");
                ResultSet r = s.executeQuery()) {
            r.next();
            pruned = r.getInt(1);
        }
        assertThat(pruned).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE event_id = ?", old.id()))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM messages WHERE id = ?",
                        old.message().id()))
                .isZero();
        assertThat(count(
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ?",
                        old.message().id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM events WHERE event_id = ?", oldButProtected.id()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM events WHERE event_id = ?", recent.id()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ?",
                        recent.message().id()))
                .isEqualTo(1);
        FieldReading after = FieldRecompute.read(log.messagesInWindow(now, MODEL), now, MODEL);
        assertThat(after).isEqualTo(before);
    }
}

package org.sacredcouncil.functions.coherence;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldAccumulator;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.FieldUpdated;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldComposer;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.presence.PresenceTracker;
import org.sacredcouncil.functions.cloudflare.KvFieldPublisher;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.event.DeadLetters;
import org.sacredcouncil.functions.event.Delivery;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.EventLog;

/**
 * On each scheduler tick: recomputes the field from the PostgreSQL log's window (not the whole log) and
 * presence, writes Firestore {@code field/global} with a larger version, publishes
 * {@code council.field.updated}, and writes the state to the Worker's KV when Cloudflare is configured.
 *
 * <p>Ticks are idempotent by id: the tick's row in {@code processed_ticks} is inserted in a transaction
 * that commits only after the field is written, so a redelivered tick (or a concurrent duplicate, which
 * waits on the row lock) changes nothing, and a failed tick leaves no row and is retried.
 */
public final class CoherenceFunction implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("coherence");

    private final CoherenceModel model = CoherenceModel.DEFAULT;
    private final Database database;
    private final EventLog log;
    private final LiveView live;
    private final EventPublisher publisher;
    private final DeadLetters deadLetters;
    private final KvFieldPublisher kv;
    private final List<Origin> origins;

    public CoherenceFunction() {
        this.database = Database.fromConfig();
        this.log = new EventLog(database.dataSource());
        this.live = new LiveView(FirestoreClients.create());
        this.publisher = new EventPublisher(new TopicPublishers(), "//sacred-council/coherence");
        this.deadLetters = new DeadLetters(publisher, "coherence");
        this.kv = KvFieldPublisher.fromConfig();
        this.origins = parseOrigins(FunctionConfig.fieldOrigins());
    }

    static List<Origin> parseOrigins(String json) {
        List<Origin> out = new ArrayList<>();
        for (JsonObject o : JsonReader.parseObject("{\"origins\":" + json + "}").objects("origins")) {
            out.add(FieldStateJson.originFromJson(o));
        }
        return out;
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        Delivery delivery = deadLetters.deliveryOrPark(cloudEvent);
        if (delivery == null) {
            return;
        }
        String tickId = delivery.messageId();
        try {
            tick(tickId);
        } catch (SQLException | LiveViewException | PublishFailedException | RuntimeException e) {
            LOG.error("tick failed; Pub/Sub will redeliver", "tickId", tickId, "error", e.toString());
            throw new TransientFailure("coherence tick " + tickId + " failed", e);
        }
    }

    /**
     * One tick at a time per instance: a tick holds its claim's connection while the log queries borrow
     * another, so overlapping ticks (redeliveries) could starve a small pool. Ticks come once a minute;
     * serializing them costs nothing.
     */
    private synchronized void tick(String tickId) throws SQLException, LiveViewException, PublishFailedException {
        try (Connection c = database.migrated().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!claim(c, tickId)) {
                    c.rollback();
                    LOG.info("duplicate tick ignored", "tickId", tickId);
                    return;
                }
                long now = System.currentTimeMillis();
                List<MessageSent> window = log.messagesInWindow(now, model);
                FieldReading reading = FieldRecompute.read(window, now, model);
                PresenceTracker presence = log.presence(now, PresenceTracker.DEFAULT_WINDOW_MILLIS);
                SortedMap<String, Integer> present = presence.presentByRegion(now);
                FieldState state = live.writeFieldNext(previous -> FieldComposer.compose(previous, reading, present,
                        model.baseline(), origins, now));
                crossCheckShards(reading, now);
                publisher.publish(FunctionConfig.sacredEventsTopic(),
                        new FieldUpdated("field-" + tickId, now, state));
                writeKv(state);
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE processed_ticks SET field_version = ? WHERE tick_id = ?")) {
                    s.setLong(1, state.version());
                    s.setString(2, tickId);
                    s.executeUpdate();
                }
                c.commit();
                LOG.info("field updated", "tickId", tickId, "version", state.version(),
                        "coherence", state.global().coherence(), "windowEvents", window.size(),
                        "agents", state.global().agents());
            } catch (SQLException | LiveViewException | PublishFailedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean claim(Connection c, String tickId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO processed_ticks (tick_id, field_version) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            s.setString(1, tickId);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Folds the Firestore shards (the incremental path) and compares them with the recomputation from the
     * log: a difference means a lost or doubled shard write, which is worth a warning in the logs.
     */
    private void crossCheckShards(FieldReading fromLog, long now) {
        try {
            FieldAccumulator shards = new FieldAccumulator(model);
            for (BucketContribution contribution : live.contributionsSince(model.oldestBucket(now))) {
                shards.add(contribution);
            }
            double drift = Math.abs(shards.read(now).globalCoherence() - fromLog.globalCoherence());
            if (drift > 1e-9) {
                LOG.warn("field shards disagree with the log", "drift", drift);
            }
        } catch (LiveViewException | RuntimeException e) {
            LOG.warn("field shards unreadable", "error", e.toString());
        }
    }

    private void writeKv(FieldState state) {
        if (kv == null) {
            return;
        }
        try {
            kv.put(FieldStateJson.write(state));
        } catch (IOException e) {
            // the edge keeps serving its cached state; the next tick (a minute later) writes again
            LOG.error("Cloudflare KV write failed", "error", e.getMessage());
        }
    }
}

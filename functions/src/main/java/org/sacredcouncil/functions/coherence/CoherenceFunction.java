package org.sacredcouncil.functions.coherence;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Function;
import org.sacredcouncil.core.coherence.CoherenceModel;
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
import org.sacredcouncil.functions.event.DeadLetterTopic;
import org.sacredcouncil.functions.event.Delivery;
import org.sacredcouncil.functions.event.EventDecoder;
import org.sacredcouncil.functions.event.PushEndpoint;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.hub.HubFeed;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.EventLog;
import org.sacredcouncil.functions.store.FieldHistory;
import org.sacredcouncil.functions.store.RecordedTimes;
import org.sacredcouncil.functions.telemetry.CouncilMetrics;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * On each scheduler tick: recomputes the field from the PostgreSQL log's window (not the whole log) and
 * presence, sends it to the edge's field hub as a snapshot (docs/live-field.md#feed), writes Firestore
 * {@code field/global} with a larger version (the hub's when it answered), appends it to {@code field_history},
 * publishes {@code council.field.updated}, and writes the state to the Worker's KV when Cloudflare is configured
 * and the hub was not reached (the hub writes KV itself).
 *
 * <p>Ticks are idempotent by id: the tick's row in {@code processed_ticks} is inserted in a transaction
 * that commits only after the field is written, so a redelivered tick (or a concurrent duplicate, which
 * waits on the row lock) changes nothing, and a failed tick leaves no row and is retried.
 *
 * <p>Nothing a tick computes depends on earlier ticks: the field is recomputed from the log at "now", so a
 * tick lost while coherence was down is made up by the next one, and a late redelivery of an old tick just
 * computes the present field once more. {@code version} only grows ({@link LiveView#writeFieldNext}); the KV
 * copy is only ever replaced by a newer version ({@link KvFieldWriter}).
 */
public final class CoherenceFunction implements HttpFunction, CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("coherence");

    private final CoherenceModel model = CoherenceModel.DEFAULT;
    private final Database database;
    private final EventLog log;
    private final LiveView live;
    private final EventPublisher publisher;
    private final KvFieldWriter kv;
    private final List<Origin> origins;
    private final FoldedRegions regions;
    private final BookkeepingSweep sweep;
    private final PushEndpoint endpoint;
    private final SnapshotFeed snapshots;
    private final CouncilMetrics metrics = Telemetry.of("coherence").metrics();

    public CoherenceFunction() {
        this.database = Database.fromConfig();
        this.log = new EventLog(database.dataSource());
        this.live = new LiveView(FirestoreClients.onFirstUse());
        this.publisher = new EventPublisher(new TopicPublishers(), "//sacred-council/coherence");
        KvFieldPublisher publisherOrNull = KvFieldPublisher.fromConfig();
        this.kv = publisherOrNull == null ? null : new KvFieldWriter(publisherOrNull, live);
        this.origins = parseOrigins(FunctionConfig.fieldOrigins());
        this.regions = FoldedRegions.parse(FunctionConfig.councilRegions());
        this.sweep = new BookkeepingSweep(database.dataSource(), live, model);
        this.endpoint = PushEndpoint.forDeliveries(
                "coherence", new EventDecoder(new DeadLetterTopic(publisher, "coherence")), this::handle);
        this.snapshots =
                new SnapshotFeed(HubFeed.fromConfig("coherence"), new RecordedTimes(database.dataSource()), model);
    }

    static List<Origin> parseOrigins(String json) {
        List<Origin> out = new ArrayList<>();
        for (JsonObject o : JsonReader.parseObject("{\"origins\":" + json + "}").objects("origins")) {
            out.add(FieldStateJson.originFromJson(o));
        }
        return out;
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws IOException {
        endpoint.serve(request, response);
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        endpoint.accept(cloudEvent);
    }

    /** Any tick message is a tick (the scheduler's body is not read): its id is the Pub/Sub message id. */
    void handle(Delivery delivery) {
        String tickId = delivery.messageId();
        boolean done;
        try {
            done = tick(tickId);
        } catch (SQLException | LiveViewException | PublishFailedException | RuntimeException e) {
            LOG.error("tick failed; Pub/Sub will redeliver", "tickId", tickId, "error", e.toString());
            throw new TransientFailure("coherence tick " + tickId + " failed", e);
        }
        metrics.recorded(done);
        if (done) {
            try {
                sweep.sweep(System.currentTimeMillis());
            } catch (RuntimeException e) {
                // bookkeeping never fails a tick: the field is written, the next tick sweeps again
                LOG.warn("bookkeeping sweep failed", "error", e.toString());
            }
        }
    }

    /**
     * One tick at a time per instance: a tick holds its claim's connection while the log queries borrow
     * another, so overlapping ticks (redeliveries) could starve a small pool. Ticks come once a minute;
     * serializing them costs nothing.
     */
    private synchronized boolean tick(String tickId) throws SQLException, LiveViewException, PublishFailedException {
        try (Connection c = database.migrated().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!claim(c, tickId)) {
                    c.rollback();
                    LOG.info("duplicate tick ignored", "tickId", tickId);
                    return false;
                }
                long now = System.currentTimeMillis();
                List<MessageSent> window = regions.messages(log.messagesInWindow(now, model));
                List<String> linked = linkNewestMessageTraces(now);
                FieldReading reading = FieldRecompute.read(window, now, model);
                PresenceTracker presence = log.presence(now, PresenceTracker.DEFAULT_WINDOW_MILLIS);
                SortedMap<String, Integer> present = regions.presence(presence.presentByRegion(now));
                Function<FieldState, FieldState> compose =
                        previous -> FieldComposer.compose(previous, reading, present, model.baseline(), origins, now);
                // the hub first (docs/live-field.md#versions): field/global then carries the version it answered
                Long hubVersion = snapshots.enabled()
                        ? snapshots.send(LiveView.publicState(compose.apply(live.readField())), window, now)
                        : null;
                FieldState state = live.writeFieldNext(previous -> {
                    FieldState next = compose.apply(previous);
                    return hubVersion == null || hubVersion <= next.version()
                            ? next
                            : next.withVersion(hubVersion, next.updatedAtMillis());
                });
                // the event says what changed; it carries no origin URLs (sacred-events is read by every consumer)
                publisher.publish(
                        FunctionConfig.sacredEventsTopic(),
                        new FieldUpdated("field-" + tickId, now, LiveView.publicState(state)));
                if (kv != null && hubVersion == null) {
                    kv.write(state); // the hub writes KV itself when it answered; this is the fallback
                }
                FieldHistory.append(c, tickId, state);
                try (PreparedStatement s =
                        c.prepareStatement("UPDATE processed_ticks SET field_version = ? WHERE tick_id = ?")) {
                    s.setLong(1, state.version());
                    s.setString(2, tickId);
                    s.executeUpdate();
                }
                c.commit();
                metrics.field(state);
                LOG.info(
                        "field updated",
                        "tickId",
                        tickId,
                        "version",
                        state.version(),
                        "coherence",
                        state.global().coherence(),
                        "windowEvents",
                        window.size(),
                        "agents",
                        state.global().agents(),
                        "linkedTraces",
                        String.join(" ", linked));
                return true;
            } catch (SQLException | LiveViewException | PublishFailedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * A tick is a trace of its own — the scheduler caused it, not a message — so it does not continue any
     * message's trace; its span links to the traces of the {@link #LINKED_TRACES} newest messages it folds
     * (Cloud Trace shows them as links), and its log line lists their trace ids. Returns those ids.
     */
    private List<String> linkNewestMessageTraces(long now) throws SQLException {
        Span tick = Span.current();
        List<String> ids = new ArrayList<>();
        for (String traceparent : log.newestMessageTraces(now, model, LINKED_TRACES)) {
            SpanContext message = TraceContextCarrier.spanContextOf(traceparent);
            if (message.isValid()) {
                tick.addLink(message);
                ids.add(message.getTraceId());
            }
        }
        return ids;
    }

    /** Links per tick: enough to find the messages that moved the field, far under the SDK's 128. */
    static final int LINKED_TRACES = 32;

    private static boolean claim(Connection c, String tickId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO processed_ticks (tick_id, field_version) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            s.setString(1, tickId);
            return s.executeUpdate() == 1;
        }
    }
}

package org.sacredcouncil.functions.memory;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.sql.SQLException;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.functions.event.DataRejection;
import org.sacredcouncil.functions.event.DeadLetterTopic;
import org.sacredcouncil.functions.event.EventDecoder;
import org.sacredcouncil.functions.event.PushEndpoint;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.hub.EventFeed;
import org.sacredcouncil.functions.hub.HubFeed;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.EventLog;
import org.sacredcouncil.functions.store.RecordedTimes;
import org.sacredcouncil.functions.telemetry.CouncilMetrics;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * Writes every council event to the PostgreSQL log (event id unique: redeliveries are no-ops) and the
 * live view to Firestore, and feeds each one to the edge's field hub (docs/live-field.md#feed).
 *
 * <p>Exactly once through crashes: the PostgreSQL write comes first and is the record; the Firestore writes
 * are idempotent on their own (merge, forward-only lastSeen), so they run
 * on every delivery, duplicates included. A crash or a Firestore failure after the PostgreSQL commit leaves
 * the event unacknowledged; its redelivery finds the row (nothing doubled) and completes Firestore.
 */
public final class MemoryFunction implements HttpFunction, CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("memory");

    private final Database database;
    private final EventLog log;
    private final LiveView live;
    private final DeadLetterTopic deadLetters;
    private final PushEndpoint endpoint;
    private final EventFeed feed;
    private final CouncilMetrics metrics = Telemetry.of("memory").metrics();

    public MemoryFunction() {
        this(
                Database.fromConfig(),
                new LiveView(FirestoreClients.onFirstUse()),
                new EventPublisher(new TopicPublishers(), "//sacred-council/memory"));
    }

    /** For tests that put memory together from their own parts (e.g. a Firestore whose commit reply is lost). */
    MemoryFunction(Database database, LiveView live, EventPublisher publisher) {
        this.database = database;
        this.log = new EventLog(database.dataSource());
        this.live = live;
        this.deadLetters = new DeadLetterTopic(publisher, "memory");
        this.endpoint = PushEndpoint.forEvents("memory", new EventDecoder(deadLetters), this::handle);
        this.feed = new EventFeed(HubFeed.fromConfig("memory"), new RecordedTimes(database.dataSource()));
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws IOException {
        endpoint.serve(request, response);
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        endpoint.accept(cloudEvent);
    }

    /** @throws TransientFailure for anything a retry could fix (then the push is not acknowledged) */
    void handle(EventDecoder.Decoded received) {
        CouncilEvent event = received.event();
        boolean fresh;
        String json = received.cloudEventJson();
        try {
            database.migrated();
            // the trace it came under: coherence's tick links to it (functions/README.md#telemetry)
            fresh = log.record(event, json, TraceContextCarrier.currentTraceparent());
        } catch (SQLException e) {
            String rejected = DataRejection.reasonOf(e);
            if (rejected != null) {
                deadLetters.park(received.delivery(), rejected);
                return;
            }
            throw transientFailure(event, e);
        } catch (RuntimeException e) {
            throw transientFailure(event, e);
        }
        // the live field first (docs/live-field.md#feed): it is what viewers wait for
        feed.recorded(event, json);
        try {
            writeLive(event);
        } catch (LiveViewException | RuntimeException e) {
            throw transientFailure(event, e);
        }
        metrics.recorded(fresh);
        LOG.info(
                fresh ? "event recorded" : "duplicate event (already recorded; live view completed)",
                "eventId",
                event.id(),
                "type",
                event.type());
    }

    private static TransientFailure transientFailure(CouncilEvent event, Exception e) {
        LOG.error("transient failure; Pub/Sub will redeliver", "eventId", event.id(), "error", e.toString());
        return new TransientFailure("memory failed for " + event.id(), e);
    }

    private void writeLive(CouncilEvent event) throws LiveViewException {
        if (event instanceof MessageSent m) {
            live.writeMessage(m); // the field's contribution goes to the hub (feed above), not to Firestore
            // no agents/{id} write per message: a chatty agent would make it a hot document (about one
            // write per second sustained); heartbeats and joins keep lastSeen, PostgreSQL keeps it per message
        } else if (event instanceof AgentJoined j) {
            live.writeAgent(j);
        } else if (event instanceof PresenceBeat b) {
            live.touchAgent(b.agentId(), b.region(), b.timeMillis());
        }
    }
}

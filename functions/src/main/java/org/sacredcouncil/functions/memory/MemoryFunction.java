package org.sacredcouncil.functions.memory;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.sql.SQLException;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.functions.event.DeadLetters;
import org.sacredcouncil.functions.event.Delivery;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.EventLog;

/**
 * Writes every council event to the PostgreSQL log (event id unique: redeliveries are no-ops) and the
 * live view to Firestore. The PostgreSQL write comes first and is the record; the Firestore writes are
 * idempotent on their own, so they run on every delivery: a retry after a Firestore failure completes
 * them even though the log row already exists.
 */
public final class MemoryFunction implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("memory");

    private final Database database;
    private final EventLog log;
    private final LiveView live;
    private final DeadLetters deadLetters;
    private final CoherenceModel model = CoherenceModel.DEFAULT;

    public MemoryFunction() {
        this.database = Database.fromConfig();
        this.log = new EventLog(database.dataSource());
        this.live = new LiveView(FirestoreClients.create());
        TopicPublishers publishers = new TopicPublishers();
        this.deadLetters = new DeadLetters(new EventPublisher(publishers, "//sacred-council/memory"), "memory");
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        DeadLetters.Received received = deadLetters.receive(cloudEvent);
        if (received == null) {
            return;
        }
        Delivery delivery = received.delivery();
        CouncilEvent event = received.event();
        try {
            database.migrated();
            boolean fresh = log.record(event, eventJson(delivery, event));
            writeLive(event);
            LOG.info(fresh ? "event recorded" : "duplicate event (already recorded)", "eventId", event.id(),
                    "type", event.type());
        } catch (SQLException | LiveViewException | RuntimeException e) {
            if (e instanceof EventFormatException bad) {
                deadLetters.parkOrRetry(delivery, bad.getMessage());
                return;
            }
            LOG.error("transient failure; Pub/Sub will redeliver", "eventId", event.id(), "error", e.toString());
            throw new TransientFailure("memory failed for " + event.id(), e);
        }
    }

    /** The log keeps structured-mode JSON; a directly pushed event is re-encoded to that form. */
    private static String eventJson(Delivery delivery, CouncilEvent event) {
        return delivery.directType() == null ? delivery.payloadText()
                : org.sacredcouncil.core.event.EventCodec.toCloudEventJson(event, "//sacred-council/direct");
    }

    private void writeLive(CouncilEvent event) throws LiveViewException {
        if (event instanceof MessageSent m) {
            live.writeMessageWithContribution(m, model);
            // no agents/{id} write per message: a chatty agent would make it a hot document (about one
            // write per second sustained); heartbeats and joins keep lastSeen, PostgreSQL keeps it per message
        } else if (event instanceof AgentJoined j) {
            live.writeAgent(j);
        } else if (event instanceof PresenceBeat b) {
            live.touchAgent(b.agentId(), b.region(), b.timeMillis());
        }
    }
}

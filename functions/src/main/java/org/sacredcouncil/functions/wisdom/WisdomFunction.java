package org.sacredcouncil.functions.wisdom;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.glyph.GlyphRecommender;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.event.DataRejection;
import org.sacredcouncil.functions.event.DeadLetterTopic;
import org.sacredcouncil.functions.event.EventDecoder;
import org.sacredcouncil.functions.event.PushEndpoint;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.hub.FeedItems;
import org.sacredcouncil.functions.hub.HubFeed;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.model.ChatCompletionsAdvisor;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.GlyphStore;
import org.sacredcouncil.functions.telemetry.CouncilMetrics;
import org.sacredcouncil.functions.telemetry.Telemetry;

/**
 * Recommends glyphs for each message and stores them in PostgreSQL (first answer wins) and on the
 * Firestore message document. Other event types are acknowledged and ignored.
 *
 * <p>Exactly once through crashes: the PostgreSQL row is the record and the first answer stored wins; the
 * Firestore write always copies the stored answer. A crash between advice and storage stores nothing (the
 * redelivery advises again); a crash or Firestore failure after storage is completed by the redelivery, which
 * finds the row and writes the same glyphs.
 */
public final class WisdomFunction implements HttpFunction, CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("wisdom");
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(8);

    private final Database database;
    private final GlyphStore glyphs;
    private final LiveView live;
    private final GlyphAdvisor advisor;
    private final DeadLetterTopic deadLetters;
    private final PushEndpoint endpoint;
    private final HubFeed feed = HubFeed.fromConfig("wisdom");
    private final CouncilMetrics metrics = Telemetry.of("wisdom").metrics();

    public WisdomFunction() {
        // built on first use: wisdom acknowledges every event but a message without PostgreSQL or Firestore
        this.database = Database.onFirstUse();
        this.glyphs = new GlyphStore(database.dataSource());
        this.live = new LiveView(FirestoreClients.onFirstUse());
        this.advisor = advisorFromConfig();
        this.deadLetters =
                new DeadLetterTopic(new EventPublisher(new TopicPublishers(), "//sacred-council/wisdom"), "wisdom");
        this.endpoint = PushEndpoint.forEvents("wisdom", new EventDecoder(deadLetters), this::handle);
    }

    static GlyphAdvisor advisorFromConfig() {
        GlyphCatalog catalog = GlyphCatalog.standard();
        OfflineAdvisor offline = new OfflineAdvisor(new GlyphRecommender(catalog));
        String url = FunctionConfig.wisdomModelUrl();
        if (url == null) {
            return offline;
        }
        return new FallbackAdvisor(
                new ChatCompletionsAdvisor(
                        url,
                        FunctionConfig.wisdomModelName(),
                        FunctionConfig.wisdomModelApiKey(),
                        MODEL_TIMEOUT,
                        catalog),
                offline);
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws IOException {
        endpoint.serve(request, response);
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        endpoint.accept(cloudEvent);
    }

    /** @throws org.sacredcouncil.functions.event.TransientFailure for anything a retry could fix */
    void handle(EventDecoder.Decoded received) {
        CouncilEvent event = received.event();
        if (!(event instanceof MessageSent sent)) {
            return;
        }
        GlyphStore.StoredGlyphs stored;
        boolean fresh = false;
        try {
            // wisdom may be the first function to reach a fresh database (it runs beside memory, not after it)
            database.migrated();
            stored = glyphs.find(sent.message().id()).orElse(null);
            if (stored == null) {
                fresh = true;
                GlyphAdvice advice = advisor.advise(sent.message());
                stored = glyphs.storeFirst(
                        sent.message().id(),
                        new GlyphStore.StoredGlyphs(advice.glyphs(), advice.reflection(), advice.source()));
            }
        } catch (SQLException e) {
            String rejected = DataRejection.reasonOf(e);
            if (rejected != null) {
                deadLetters.park(received.delivery(), rejected);
                return;
            }
            throw transientFailure(event, e);
        } catch (Exception e) {
            // the advisors fall back to the offline recommender themselves: what reaches here is unforeseen
            throw transientFailure(event, e);
        }
        // the stored answer (first wins), on a redelivery too; the hub attaches it to the recent message
        feed.post(FeedItems.glyphs(sent.message().id(), stored.glyphs()));
        try {
            live.writeGlyphs(sent.message().id(), stored.glyphs(), stored.reflection());
        } catch (LiveViewException | RuntimeException e) {
            throw transientFailure(event, e);
        }
        metrics.recorded(fresh);
        LOG.info(
                "glyphs stored",
                "messageId",
                sent.message().id(),
                "glyphs",
                String.join(" ", stored.glyphs()),
                "source",
                stored.source());
    }

    private static TransientFailure transientFailure(CouncilEvent event, Exception e) {
        LOG.error("transient failure; Pub/Sub will redeliver", "eventId", event.id(), "error", e.toString());
        return new TransientFailure("wisdom failed for " + event.id(), e);
    }
}

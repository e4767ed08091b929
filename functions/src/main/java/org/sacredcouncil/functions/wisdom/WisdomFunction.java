package org.sacredcouncil.functions.wisdom;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.sql.SQLException;
import java.time.Duration;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.glyph.GlyphRecommender;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.event.DeadLetters;
import org.sacredcouncil.functions.event.TransientFailure;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.model.ChatCompletionsAdvisor;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.GlyphStore;

/**
 * Recommends glyphs for each message and stores them in PostgreSQL (first answer wins) and on the
 * Firestore message document. Other event types are acknowledged and ignored.
 */
public final class WisdomFunction implements CloudEventsFunction {

    private static final StructuredLog LOG = StructuredLog.of("wisdom");
    static final Duration MODEL_TIMEOUT = Duration.ofSeconds(8);

    private final Database database;
    private final GlyphStore glyphs;
    private final LiveView live;
    private final GlyphAdvisor advisor;
    private final DeadLetters deadLetters;

    public WisdomFunction() {
        this.database = Database.fromConfig();
        this.glyphs = new GlyphStore(database.dataSource());
        this.live = new LiveView(FirestoreClients.create());
        this.advisor = advisorFromConfig();
        this.deadLetters = new DeadLetters(new EventPublisher(new TopicPublishers(), "//sacred-council/wisdom"),
                "wisdom");
    }

    static GlyphAdvisor advisorFromConfig() {
        GlyphCatalog catalog = GlyphCatalog.standard();
        OfflineAdvisor offline = new OfflineAdvisor(new GlyphRecommender(catalog));
        String url = FunctionConfig.wisdomModelUrl();
        if (url == null) {
            return offline;
        }
        return new FallbackAdvisor(new ChatCompletionsAdvisor(url, FunctionConfig.wisdomModelName(),
                FunctionConfig.wisdomModelApiKey(), MODEL_TIMEOUT, catalog), offline);
    }

    @Override
    public void accept(CloudEvent cloudEvent) {
        // each subscription parks what it cannot use; the copy is tagged with this function's name
        DeadLetters.Received received = deadLetters.receive(cloudEvent);
        if (received == null) {
            return;
        }
        CouncilEvent event = received.event();
        if (!(event instanceof MessageSent sent)) {
            return;
        }
        try {
            GlyphStore.StoredGlyphs stored = glyphs.find(sent.message().id()).orElse(null);
            if (stored == null) {
                GlyphAdvice advice = advisor.advise(sent.message());
                stored = glyphs.storeFirst(sent.message().id(),
                        new GlyphStore.StoredGlyphs(advice.glyphs(), advice.reflection(), advice.source()));
            }
            live.writeGlyphs(sent.message().id(), stored.glyphs(), stored.reflection());
            LOG.info("glyphs stored", "messageId", sent.message().id(), "glyphs", String.join(" ", stored.glyphs()),
                    "source", stored.source());
        } catch (SQLException | LiveViewException | RuntimeException e) {
            LOG.error("transient failure; Pub/Sub will redeliver", "eventId", event.id(), "error", e.toString());
            throw new TransientFailure("wisdom failed for " + event.id(), e);
        } catch (Exception e) {
            throw new TransientFailure("wisdom failed for " + event.id(), e);
        }
    }
}

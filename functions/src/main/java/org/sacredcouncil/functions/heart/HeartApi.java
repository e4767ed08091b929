package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.ArtifactStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.IdempotencyStore;
import org.sacredcouncil.functions.store.KeyRotationStore;
import org.sacredcouncil.functions.store.MessageQueries;

/**
 * heart's endpoints: one heart's parts put together once, and each request dispatched through
 * {@link HeartRoutes} to its handler. Every refusal happens before anything is written or published
 * ({@link Handler}, {@link IdempotentWrite}).
 */
final class HeartApi {

    private final Database database;
    private final HeartRoutes routes;

    HeartApi(Database database, LiveView live, EventPublisher publisher) {
        this.database = database;
        DataSource ds = database.dataSource();
        AgentStore agents = new AgentStore(ds);
        String region = FunctionConfig.heartRegion();
        this.routes = new HeartRoutes(new HeartParts(
                database,
                agents,
                new MessageQueries(ds),
                new KeyRotationStore(ds),
                new BearerAuth(database, agents, FunctionConfig.apiKeyCacheSeconds()),
                new CurrentField(live),
                new AdmittedRegions(FunctionConfig.councilRegions(), region),
                new IdempotentWrite(database, new IdempotencyStore(ds)),
                publisher,
                FunctionConfig.sacredEventsTopic(),
                region,
                GlyphCatalog.standard(),
                CoherenceModel.DEFAULT,
                new ArtifactStore(ds),
                ArtifactLimits.fromConfig()));
    }

    static HeartApi fromConfig() {
        // the pool starts now (every write and every authenticated read needs it: a first POST must not wait for
        // HikariCP's start); Firestore and the publisher are built by the first request that needs them
        return new HeartApi(Database.fromConfig(), new LiveView(FirestoreClients.onFirstUse()), publisherFromConfig());
    }

    static EventPublisher publisherFromConfig() {
        return new EventPublisher(new TopicPublishers(), "//sacred-council/heart/" + FunctionConfig.heartRegion());
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    void migrated() throws SQLException {
        database.migrated();
    }

    JsonResponse handle(IncomingRequest request) throws SQLException, LiveViewException, PublishFailedException {
        return routes.dispatch(request);
    }
}

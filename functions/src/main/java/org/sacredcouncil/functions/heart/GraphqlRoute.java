package org.sacredcouncil.functions.heart;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.pause.PauseConfig;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.graphql.GraphqlEndpoint;
import org.sacredcouncil.functions.graphql.GraphqlHttpRequest;
import org.sacredcouncil.functions.graphql.GraphqlSettings;
import org.sacredcouncil.functions.graphql.PersistedQueryStore;
import org.sacredcouncil.functions.graphql.RestArtifacts;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.MessageQueries;

/**
 * {@code GET|POST /v1/graphql} and {@code POST /v1/graphql/subscriptions} (docs/graphql.md): the GraphQL endpoint
 * over this heart's own routes — each field's REST request is {@link IncomingRequest#derived derived} from the
 * GraphQL request (same headers) and dispatched through {@link HeartRoutes}, so it runs the REST handler itself.
 */
final class GraphqlRoute implements Handler {

    static final String PATH = "/v1/graphql";
    static final String PLAN_PATH = "/v1/graphql/subscriptions";

    private final HeartParts parts;
    private final HeartRoutes routes;
    /** Read with heart (a bad value fails the start, as every other variable), used when the schema is built. */
    private final GraphqlSettings settings;
    /**
     * Built on the first GraphQL request, not with heart: graphql-java and federation-jvm take 1.0–1.5 s to build
     * the schema on a cold JVM (measured 2026-12-02 on this machine, load 7–11), which a REST cold start must not pay.
     */
    private volatile GraphqlEndpoint endpoint;

    GraphqlRoute(HeartParts parts, HeartRoutes routes) {
        this.parts = parts;
        this.routes = routes;
        PauseConfig d = PauseConfig.DEFAULT;
        this.settings = new GraphqlSettings(
                FunctionConfig.graphqlMaxDepth(),
                FunctionConfig.graphqlMaxComplexity(),
                FunctionConfig.graphqlPersistedMax(),
                FunctionConfig.graphqlCacheSeconds(),
                new PauseConfig(
                        FunctionConfig.pauseCoherenceThreshold(),
                        d.clientPauseMillis(),
                        d.lowCoherencePauseMillis(),
                        d.noOriginPauseMillis(),
                        d.jitterFraction(),
                        d.maxPauseMillis(),
                        d.rateLimitedPauseMillis()));
    }

    private GraphqlEndpoint endpoint() {
        GraphqlEndpoint built = endpoint;
        if (built == null) {
            synchronized (this) {
                built = endpoint;
                if (built == null) {
                    built = build(parts, settings);
                    endpoint = built;
                }
            }
        }
        return built;
    }

    private static GraphqlEndpoint build(HeartParts parts, GraphqlSettings settings) {
        Database database = parts.database();
        MessageQueries messages = parts.messages();
        // artifacts through heart's own GET /v1/artifacts and DELETE /v1/artifacts/{id} (docs/artifacts.md)
        RestArtifacts artifacts = new RestArtifacts();
        return new GraphqlEndpoint(
                settings,
                new PersistedQueryStore(database, settings.persistedMax()),
                parts.glyphs(),
                artifacts,
                artifacts,
                id -> messageJson(database, messages, id));
    }

    private static Optional<String> messageJson(Database database, MessageQueries messages, String id)
            throws SQLException {
        database.migrated();
        return messages.find(id).map(m -> {
            JsonWriter w = new JsonWriter();
            ListMessages.writeMessage(w, m);
            return w.toString();
        });
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, LiveViewException, PublishFailedException {
        GraphqlHttpRequest http = new GraphqlHttpRequest(
                request.method(),
                request::rawQuery,
                request.body(),
                request.contentType(),
                request.header("Authorization").isPresent(),
                request.header("X-Field-Coherence").orElse(null));
        if (request.route().equals(PLAN_PATH)) {
            return endpoint().plan(http);
        }
        return endpoint().serve(http, (method, target, body) -> restCall(request, method, target, body));
    }

    /** The REST request a field stands for, bounded as the client's own REST body would be (413 beyond). */
    private JsonResponse restCall(IncomingRequest request, String method, String target, String body)
            throws SQLException, LiveViewException, PublishFailedException {
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > RequestBody.MAX_BYTES) {
            return JsonResponse.error(
                    new ApiError(413, "payload_too_large", null, "body exceeds " + RequestBody.MAX_BYTES + " bytes"));
        }
        return routes.call(request.derived(method, target, body));
    }
}

package org.sacredcouncil.functions.graphql;

import com.apollographql.federation.graphqljava.Federation;
import graphql.GraphQL;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * The schema of {@code graphql/council.graphqls} wired to heart (docs/graphql.md#where): each query field is a
 * REST read through {@link RestCall}, each mutation the REST write (after {@link MutationPause}), artifacts
 * through {@link ArtifactReads}/{@link ArtifactWrites}; federation's {@code _service} and {@code _entities}
 * (Agent and Message by id) from federation-jvm.
 */
final class CouncilSchema {

    static final String RESOURCE = "graphql/council.graphqls";

    private final Shapes shapes;
    private final MutationPause pause;
    private final ArtifactReads artifactReads;
    private final ArtifactWrites artifactWrites;
    private final MessageById messageById;
    private final GraphQLSchema schema;
    private final GraphQL graphql;

    CouncilSchema(
            GlyphCatalog catalog,
            MutationPause pause,
            ArtifactReads artifactReads,
            ArtifactWrites artifactWrites,
            MessageById messageById) {
        this.shapes = new Shapes(catalog);
        this.pause = pause;
        this.artifactReads = artifactReads;
        this.artifactWrites = artifactWrites;
        this.messageById = messageById;
        this.schema = Federation.transform(sdl(), wiring())
                .fetchEntities(this::entities)
                .resolveEntityType(env ->
                        env.getSchema().getObjectType(String.valueOf(((Map<?, ?>) env.getObject()).get("__typename"))))
                .build();
        this.graphql = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new FieldErrors())
                .build();
    }

    GraphQLSchema schema() {
        return schema;
    }

    GraphQL graphql() {
        return graphql;
    }

    static String sdl() {
        try (InputStream in =
                Objects.requireNonNull(CouncilSchema.class.getClassLoader().getResourceAsStream(RESOURCE), RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RuntimeWiring wiring() {
        return RuntimeWiring.newRuntimeWiring()
                .type(
                        "Query",
                        q -> q.dataFetcher(
                                        "field", env -> Shapes.field(scope(env).read("/v1/field")))
                                .dataFetcher(
                                        "fieldHistory",
                                        env -> Shapes.history(scope(env)
                                                .read(RestTargets.of(
                                                        "/v1/field/history", "minutes", env.getArgument("minutes")))))
                                .dataFetcher(
                                        "agent",
                                        env -> Shapes.agent(scope(env)
                                                .read("/v1/agents/" + RestTargets.segment(env.getArgument("id")))))
                                .dataFetcher(
                                        "messages",
                                        env -> shapes.messages(scope(env)
                                                .read(RestTargets.of(
                                                        "/v1/messages",
                                                        "agentId",
                                                        env.getArgument("agentId"),
                                                        "type",
                                                        env.getArgument("type"),
                                                        "region",
                                                        env.getArgument("region"),
                                                        "since",
                                                        env.getArgument("since"),
                                                        "limit",
                                                        env.getArgument("first"),
                                                        "cursor",
                                                        env.getArgument("after")))))
                                .dataFetcher(
                                        "glyphs",
                                        env -> scope(env).read("/v1/glyphs").array("glyphs"))
                                .dataFetcher(
                                        "artifacts",
                                        env -> artifacts(
                                                env, env.getArgument("agentId"), env.getArgument("messageId"))))
                .type(
                        "Message",
                        m -> m.dataFetcher(
                                "artifacts",
                                env -> artifacts(env, null, String.valueOf(((Map<?, ?>) env.getSource()).get("id")))))
                .type(
                        "Mutation",
                        m -> m.dataFetcher(
                                        "registerAgent",
                                        env -> write(env, "POST", "/v1/agents", body(env.getArgument("input"))))
                                .dataFetcher(
                                        "sendMessage",
                                        env -> write(env, "POST", "/v1/messages", body(env.getArgument("input"))))
                                .dataFetcher(
                                        "beatPresence",
                                        env -> write(env, "POST", "/v1/presence", body(env.getArgument("input"))))
                                .dataFetcher(
                                        "rotateKey",
                                        env -> write(
                                                env,
                                                "POST",
                                                "/v1/agents/" + RestTargets.segment(env.getArgument("agentId"))
                                                        + "/keys",
                                                null))
                                .dataFetcher("deleteArtifact", this::deleteArtifact))
                .type(
                        "Subscription",
                        s -> s.dataFetcher("field", CouncilSchema::overTheHub)
                                .dataFetcher("messageAdded", CouncilSchema::overTheHub))
                .build();
    }

    private static RequestScope scope(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(RequestScope.class);
    }

    private static Object overTheHub(DataFetchingEnvironment env) {
        throw new FieldFailure(400, "unsupported_operation", null, "subscriptions are served over /v1/live");
    }

    private Map<String, Object> artifacts(DataFetchingEnvironment env, String agentId, String messageId) {
        JsonResponse answer;
        try {
            answer = artifactReads.list(
                    scope(env).rest, agentId, messageId, env.getArgument("first"), env.getArgument("after"));
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new DependencyFailure(e);
        }
        return Shapes.artifacts(RequestScope.ok(answer));
    }

    private Object deleteArtifact(DataFetchingEnvironment env) {
        String id = env.getArgument("id");
        return write(env, "DELETE", "/v1/artifacts/" + RestTargets.segment(id), null, rest -> {
            try {
                return artifactWrites.delete(rest, id);
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new DependencyFailure(e);
            }
        });
    }

    private Object write(DataFetchingEnvironment env, String method, String target, String body) {
        return write(env, method, target, body, rest -> scope(env).call(method, target, body));
    }

    /**
     * The one mutation (docs/graphql.md#http): the pause first, as the edge decides it for the REST write; then
     * the REST write, whose status and headers become the HTTP answer's.
     */
    private Object write(
            DataFetchingEnvironment env,
            String method,
            String target,
            String body,
            java.util.function.Function<RestCall, JsonResponse> run) {
        RequestScope scope = scope(env);
        PauseDecision decision = pause.decide(scope.fieldCoherence, method, target, body);
        if (decision.paused()) {
            scope.mutationAnswered(
                    503,
                    Map.of(
                            "X-Sacred-Pause-Duration",
                            Long.toString(decision.durationMillis()),
                            "Retry-After",
                            Long.toString(decision.retryAfterSeconds())));
            throw new FieldFailure(
                    503, "sacred_pause", null, "the council pauses this write while its coherence is low; retry later");
        }
        JsonResponse answer = run.apply(scope.rest);
        scope.mutationAnswered(answer.status(), answer.headers());
        return RequestScope.ok(answer).asMap();
    }

    /** An input object as the REST body: its fields in the schema's order, a given null as null. */
    static String body(Map<String, Object> input) {
        if (input == null) {
            return null;
        }
        JsonWriter w = new JsonWriter();
        GraphqlJson.write(w, input);
        return w.toString();
    }

    /** federation's {@code _entities}: each representation by {@code __typename} and {@code id}; unknown → null. */
    private List<Object> entities(DataFetchingEnvironment env) {
        List<Map<String, Object>> representations = env.getArgument("representations");
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> rep : representations) {
            Object type = rep.get("__typename");
            Object id = rep.get("id");
            if (!(id instanceof String key)) {
                out.add(null);
            } else if ("Agent".equals(type)) {
                JsonResponse answer = scope(env).call("GET", "/v1/agents/" + RestTargets.segment(key), null);
                out.add(answer.status() == 404 ? null : Shapes.agent(RequestScope.ok(answer)));
            } else if ("Message".equals(type)) {
                Optional<String> json;
                try {
                    json = messageById.json(key);
                } catch (SQLException e) {
                    throw new DependencyFailure(e);
                }
                out.add(json.map(j -> (Object) shapes.message(JsonReader.parseObject(j)))
                        .orElse(null));
            } else {
                out.add(null);
            }
        }
        return out;
    }
}

package org.sacredcouncil.functions.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.AbortExecutionException;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * {@code GET|POST /v1/graphql} and {@code POST /v1/graphql/subscriptions} (docs/graphql.md). Every request error is
 * decided before anything executes, in this order: the request's JSON, its persisted query (#persisted), the
 * document's size, syntax and validation, the operation (a mutation over GET is 405, a subscription belongs to
 * the hub, a mutation has exactly one root field), the variables, the limits (#limits). Then graphql-java runs
 * it; a mutation's HTTP status and headers are its REST write's (#http).
 */
public final class GraphqlEndpoint {

    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "private, no-store");

    private final GraphqlSettings settings;
    private final PersistedQueryStore persisted;
    private final CouncilSchema schema;
    private final DocumentLimits limits;

    public GraphqlEndpoint(
            GraphqlSettings settings,
            PersistedQueryStore persisted,
            GlyphCatalog catalog,
            ArtifactReads artifactReads,
            ArtifactWrites artifactWrites,
            MessageById messageById) {
        this.settings = settings;
        this.persisted = persisted;
        this.schema = new CouncilSchema(
                catalog, new MutationPause(settings.pause()), artifactReads, artifactWrites, messageById);
        this.limits = new DocumentLimits(settings.maxDepth(), settings.maxComplexity());
    }

    /** The schema's SDL as federation publishes it ({@code _service { sdl }}). */
    public String federatedSdl() {
        return com.apollographql.federation.graphqljava.SchemaTransformer.sdl(schema.schema());
    }

    /** {@code GET|POST /v1/graphql}. */
    public JsonResponse serve(GraphqlHttpRequest http, RestCall rest)
            throws SQLException, LiveViewException, PublishFailedException {
        try {
            return execute(http, rest);
        } catch (GraphqlRefusal r) {
            return GraphqlJson.refusal(r, NO_STORE);
        }
    }

    /** {@code POST /v1/graphql/subscriptions}: the plan of a subscription (docs/graphql.md#subscriptions). */
    public JsonResponse plan(GraphqlHttpRequest http) {
        try {
            GraphqlRequest request = GraphqlRequest.read(http);
            String query = requireQuery(request.query());
            Prepared p = prepare(query, request.operationName(), request.variables());
            if (p.definition().getOperation() != OperationDefinition.Operation.SUBSCRIPTION) {
                throw GraphqlRefusal.of("not_a_subscription", "query", "the operation is not a subscription");
            }
            limits.check(p.normalized());
            return new JsonResponse(200, SubscriptionPlan.of(p.normalized()), JsonResponse.JSON, NO_STORE);
        } catch (GraphqlRefusal r) {
            return GraphqlJson.refusal(r, NO_STORE);
        }
    }

    private JsonResponse execute(GraphqlHttpRequest http, RestCall rest)
            throws SQLException, LiveViewException, PublishFailedException {
        boolean get = http.method().equals("GET");
        GraphqlRequest request = GraphqlRequest.read(http);
        PersistedQuery pq = PersistedQuery.of(request.extensions());
        String query = request.query();
        boolean register = false;
        if (query == null && pq != null) {
            Optional<String> known = persisted.find(pq.sha256());
            if (known.isEmpty()) {
                return new JsonResponse(
                        200,
                        GraphqlJson.errors("PERSISTED_QUERY_NOT_FOUND", null, "PersistedQueryNotFound", null),
                        GraphqlJson.MEDIA_TYPE,
                        NO_STORE);
            }
            query = known.get();
        } else if (pq != null) {
            pq.requireMatches(query);
            // docs/graphql.md#persisted: a POST registers; a GET (a safe method, no nonce claimed) only runs it
            register = !get;
        }
        query = requireQuery(query);
        Prepared p = prepare(query, request.operationName(), request.variables());
        OperationDefinition.Operation kind = p.definition().getOperation();
        if (kind == OperationDefinition.Operation.SUBSCRIPTION) {
            throw GraphqlRefusal.of(
                    "unsupported_operation",
                    "query",
                    "subscriptions run over the hub's socket (/v1/live, graphql-transport-ws)");
        }
        boolean mutation = kind == OperationDefinition.Operation.MUTATION;
        if (mutation && get) {
            throw new GraphqlRefusal(405, "method_not_allowed", null, "a mutation needs POST", null);
        }
        if (mutation) {
            requireOneRootField(p.definition());
        }
        limits.check(p.normalized());
        if (register) {
            persisted.register(pq.sha256(), query);
        }
        RequestScope scope = new RequestScope(rest, http.fieldCoherence());
        ExecutionResult result = schema.graphql()
                .execute(ExecutionInput.newExecutionInput(query)
                        .operationName(request.operationName())
                        .variables(request.variables() == null ? Map.of() : request.variables())
                        .graphQLContext(Map.of(RequestScope.class, scope))
                        .build());
        rethrow(scope.failure());
        int status = mutation && scope.mutationStatus() != 0 ? scope.mutationStatus() : 200;
        Map<String, String> headers = new java.util.LinkedHashMap<>(scope.headers());
        boolean cacheable = get
                && pq != null
                && !http.authorized()
                && status == 200
                && result.getErrors().isEmpty();
        headers.put("Cache-Control", cacheable ? "public, max-age=" + settings.cacheSeconds() : "private, no-store");
        return new JsonResponse(status, GraphqlJson.toJson(result.toSpecification()), GraphqlJson.MEDIA_TYPE, headers);
    }

    private static String requireQuery(String query) {
        if (query == null || query.isBlank()) {
            throw GraphqlRefusal.of("invalid_field", "query", "send a query (or a persisted query's hash)");
        }
        if (query.getBytes(StandardCharsets.UTF_8).length > GraphqlSettings.MAX_DOCUMENT_BYTES) {
            throw GraphqlRefusal.of(
                    "query_too_large",
                    "query",
                    "the document exceeds " + GraphqlSettings.MAX_DOCUMENT_BYTES + " bytes");
        }
        return query;
    }

    /** A validated document, its selected operation and that operation normalized with the variables. */
    private record Prepared(
            Document document, OperationDefinition definition, ExecutableNormalizedOperation normalized) {}

    private Prepared prepare(String query, String operationName, Map<String, Object> variables) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            throw new GraphqlRefusal(
                    400,
                    "graphql_parse_failed",
                    "query",
                    e.getMessage(),
                    e.getLocation() == null ? null : List.of(e.getLocation()));
        }
        List<ValidationError> invalid = ParseAndValidate.validate(schema.schema(), document);
        if (!invalid.isEmpty()) {
            ValidationError first = invalid.get(0);
            throw new GraphqlRefusal(
                    400, "graphql_validation_failed", "query", first.getMessage(), first.getLocations());
        }
        OperationDefinition definition;
        try {
            definition = NodeUtil.getOperation(document, operationName).operationDefinition;
        } catch (RuntimeException e) {
            throw GraphqlRefusal.of("graphql_unknown_operation", "operationName", e.getMessage());
        }
        ExecutableNormalizedOperation normalized;
        try {
            // coerced first, then normalized: the raw-variables form turns values back into literals, which
            // federation's _Any cannot do
            CoercedVariables coerced = ValuesResolver.coerceVariableValues(
                    schema.schema(),
                    definition.getVariableDefinitions(),
                    RawVariables.of(variables == null ? Map.of() : variables),
                    GraphQLContext.getDefault(),
                    Locale.ROOT);
            normalized = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperation(
                    schema.schema(),
                    document,
                    operationName,
                    coerced,
                    ExecutableNormalizedOperationFactory.Options.defaultOptions()
                            // every field costs at least 1: more fields than the complexity allows is over it,
                            // and a fragment that multiplies fields stops expanding here
                            .maxFieldsCount(settings.maxComplexity() + 1));
        } catch (AbortExecutionException e) {
            throw GraphqlRefusal.of("query_too_complex", null, "more fields than the complexity limit allows");
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError) {
                throw GraphqlRefusal.of("invalid_variables", "variables", e.getMessage());
            }
            throw e;
        }
        return new Prepared(document, definition, normalized);
    }

    /** docs/graphql.md#http: a mutation selects exactly one root field, and not through a fragment. */
    private static void requireOneRootField(OperationDefinition mutation) {
        List<Selection> selections = mutation.getSelectionSet().getSelections();
        if (selections.size() != 1 || !(selections.get(0) instanceof Field)) {
            throw GraphqlRefusal.of(
                    "graphql_one_mutation", "query", "a mutation selects exactly one root field (no fragment spread)");
        }
    }

    private static void rethrow(RuntimeException failure)
            throws SQLException, LiveViewException, PublishFailedException {
        if (failure == null) {
            return;
        }
        if (failure instanceof DependencyFailure) {
            Throwable cause = failure.getCause();
            if (cause instanceof SQLException e) {
                throw e;
            }
            if (cause instanceof LiveViewException e) {
                throw e;
            }
            if (cause instanceof PublishFailedException e) {
                throw e;
            }
        }
        throw failure;
    }
}

package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * heart's API surface, listed once: method, path pattern, handler. A pattern's {@code {name}} matches one
 * path segment (possibly empty: the handler names the bad id), everything else literally, byte for byte on
 * the raw route ({@link IncomingRequest#route}). No match: {@code 404 not_found}; a matching path under
 * another method: {@code 405 method_not_allowed}. Both are decided here, before any handler runs, so an
 * unknown endpoint is the client's 4xx whatever PostgreSQL does.
 *
 * <p>{@link #table()} is the inspectable form (the OpenAPI description is checked against it).
 */
public final class HeartRoutes {

    /** One row of the table; {@code handler} is the handling class's simple name. */
    public record Route(String method, String pattern, String handler) {}

    private record Row(Route route, BiFunction<HeartParts, HeartRoutes, Handler> factory) {}

    private static final List<Row> ROWS = List.of(
            row("POST", "/v1/agents", RegisterAgent.class, RegisterAgent::new),
            row("GET", "/v1/agents/{id}", GetAgent.class, GetAgent::new),
            row("POST", "/v1/agents/{id}/keys", RotateKey.class, RotateKey::new),
            row("POST", "/v1/messages", SendMessage.class, SendMessage::new),
            row("GET", "/v1/messages", ListMessages.class, ListMessages::new),
            row("POST", "/v1/presence", BeatPresence.class, BeatPresence::new),
            row("GET", "/v1/field", GetField.class, GetField::new),
            row("GET", FieldHistoryRoute.PATH, FieldHistoryRoute.class, FieldHistoryRoute::new),
            row("GET", "/v1/glyphs", ListGlyphs.class, ListGlyphs::new),
            // docs/artifacts.md: the metadata the edge forwards after putting the blob in R2; the bytes are the edge's
            row("POST", "/v1/artifacts", AddArtifact.class, AddArtifact::new),
            row("GET", "/v1/artifacts", ListArtifacts.class, ListArtifacts::new),
            row("DELETE", "/v1/artifacts/{id}", RemoveArtifact.class, RemoveArtifact::new),
            row("GET", "/v1/healthz", Healthz.class, Healthz::new),
            // one GraphQL endpoint (one schema) behind its three rows: docs/graphql.md#http, #subscriptions
            graphqlRow("GET", GraphqlRoute.PATH),
            graphqlRow("POST", GraphqlRoute.PATH),
            graphqlRow("POST", GraphqlRoute.PLAN_PATH));

    private static <H extends Handler> Row row(
            String method, String pattern, Class<H> type, Function<HeartParts, H> factory) {
        return new Row(new Route(method, pattern, type.getSimpleName()), (parts, routes) -> factory.apply(parts));
    }

    private static Row graphqlRow(String method, String pattern) {
        return new Row(
                new Route(method, pattern, GraphqlRoute.class.getSimpleName()),
                (parts, routes) -> routes.graphql(parts));
    }

    private GraphqlRoute graphql;

    private GraphqlRoute graphql(HeartParts parts) {
        if (graphql == null) {
            graphql = new GraphqlRoute(parts, this);
        }
        return graphql;
    }

    /** Every route, in the order they are listed (method, pattern, handler). */
    public static List<Route> table() {
        return ROWS.stream().map(Row::route).toList();
    }

    private record Bound(String method, String endpoint, String[] segments, Handler handler) {}

    private final List<Bound> bound = new ArrayList<>();

    HeartRoutes(HeartParts parts) {
        for (Row row : ROWS) {
            bound.add(new Bound(
                    row.route().method(),
                    row.route().method() + " " + row.route().pattern(),
                    row.route().pattern().split("/", -1),
                    row.factory().apply(parts, this)));
        }
    }

    JsonResponse dispatch(IncomingRequest request) throws SQLException, LiveViewException, PublishFailedException {
        String[] segments = request.route().split("/", -1);
        List<String> allowed = new ArrayList<>();
        for (Bound b : bound) {
            Map<String, String> path = match(b.segments(), segments);
            if (path == null) {
                continue;
            }
            if (b.method().equals(request.method())) {
                request.matched(b.endpoint());
                return b.handler().handle(request, path);
            }
            allowed.add(b.method());
        }
        if (allowed.isEmpty()) {
            throw new ApiError(404, "not_found", null, "no such endpoint");
        }
        throw new ApiError(
                405,
                "method_not_allowed",
                null,
                request.method() + " is not allowed here; use " + String.join(", ", allowed));
    }

    /**
     * A REST request a GraphQL field stands for ({@link IncomingRequest#derived}), answered as the client's own
     * would be: a refusal is its JSON error answer; heart's own failures are thrown, as by {@link #dispatch}.
     */
    JsonResponse call(IncomingRequest derived) throws SQLException, LiveViewException, PublishFailedException {
        try {
            return dispatch(derived);
        } catch (ApiError e) {
            return JsonResponse.error(e);
        }
    }

    /** The pattern's named segments when the route matches it, else null. */
    private static Map<String, String> match(String[] pattern, String[] route) {
        if (pattern.length != route.length) {
            return null;
        }
        Map<String, String> path = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                path.put(p.substring(1, p.length() - 1), route[i]);
            } else if (!p.equals(route[i])) {
                return null;
            }
        }
        return path;
    }
}

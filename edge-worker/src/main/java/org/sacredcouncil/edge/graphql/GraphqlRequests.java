package org.sacredcouncil.edge.graphql;

import java.util.Map;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;

/**
 * The edge's two GraphQL paths (docs/graphql.md#http): {@code /v1/graphql} and the hub's plan requests {@code
 * /v1/graphql/subscriptions}, both forwarded to heart like any API route. What the edge reads from them is the
 * selected operation of a POST body, for the rate-limit budget and for retrying reads.
 */
public final class GraphqlRequests {

    public static final String PATH = "/v1/graphql";
    public static final String PLANS_PATH = "/v1/graphql/subscriptions";

    private GraphqlRequests() {}

    /**
     * The operation a request to a GraphQL path selects, or null for any other path. A GET counts as a read without
     * being looked at: heart answers a mutation over GET with {@code 405} and executes nothing (docs/graphql.md#http).
     *
     * @param body the POST body as text, or null
     */
    public static GraphqlOperation operation(String method, String path, String body) {
        if (!path.equals(PATH) && !path.equals(PLANS_PATH)) {
            return null;
        }
        if (!method.equals("POST") || body == null) {
            return GraphqlOperation.none();
        }
        try {
            Object parsed = JsonReader.parse(body);
            if (!(parsed instanceof Map)) {
                return GraphqlOperation.none();
            }
            Map<?, ?> request = (Map<?, ?>) parsed;
            Object query = request.get("query");
            Object name = request.get("operationName");
            return GraphqlOperation.select(
                    query instanceof String ? (String) query : null, name instanceof String ? (String) name : null);
        } catch (JsonException e) {
            return GraphqlOperation.none(); // heart answers it 400; here it is a read
        }
    }

    /** A query or a subscription plan: safe to send to a second origin, as a GET is. */
    public static boolean isRead(GraphqlOperation operation) {
        return operation.type() == GraphqlOperation.QUERY || operation.type() == GraphqlOperation.SUBSCRIPTION;
    }
}

package org.sacredcouncil.edge.graphql;

import java.util.List;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.edge.hub.JsonValues;

/**
 * The server's messages of {@code graphql-transport-ws} (the protocol of graphql-ws v5+; docs/graphql.md
 * #subscriptions) and its close codes.
 */
public final class TransportMessages {

    public static final String PROTOCOL = "graphql-transport-ws";
    public static final String ACK = "{\"type\":\"connection_ack\"}";
    public static final String PONG = "{\"type\":\"pong\"}";

    public static final int CLOSE_BAD_MESSAGE = 4400;
    public static final int CLOSE_UNAUTHORIZED = 4401;
    public static final int CLOSE_FORBIDDEN = 4403;
    public static final int CLOSE_INIT_TIMEOUT = 4408;
    public static final int CLOSE_DUPLICATE_ID = 4409;
    public static final int CLOSE_TOO_MANY_INITS = 4429;

    private TransportMessages() {}

    private static JsonWriter message(String id, String type) {
        return new JsonWriter().beginObject().name("id").value(id).name("type").value(type);
    }

    /** @param data {@code {"data": ...}} as {@link SubscriptionPlan#data} writes it */
    public static String next(String id, String data) {
        return message(id, "next").name("payload").rawValue(data).endObject().toString();
    }

    /** @param errors a JSON array of GraphQL errors */
    public static String error(String id, String errors) {
        return message(id, "error").name("payload").rawValue(errors).endObject().toString();
    }

    public static String complete(String id) {
        return message(id, "complete").endObject().toString();
    }

    /** One GraphQL error: {@code [{"message", "extensions": {"code"}}]}. */
    public static String errors(String code, String text) {
        return new JsonWriter()
                .beginArray()
                .beginObject()
                .name("message")
                .value(text)
                .name("extensions")
                .beginObject()
                .name("code")
                .value(code)
                .endObject()
                .endObject()
                .endArray()
                .toString();
    }

    /**
     * The errors of a refused plan request: heart's GraphQL {@code errors} as they are; any other answer (the edge's
     * {@code 429}, {@code 503}) as one GraphQL error with its status.
     */
    public static String refusal(int status, String body) {
        try {
            Object errors = JsonReader.parseObject(body).asMap().get("errors");
            if (errors instanceof List && !((List<?>) errors).isEmpty()) {
                return JsonValues.write(errors);
            }
        } catch (JsonException e) {
            // not JSON: described below
        }
        return errors("plan_refused", "the subscription could not be planned (" + status + ")");
    }
}

package org.sacredcouncil.edge.http;

import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Response;

/** Responses the edge sends to clients, each with the edge's client headers. */
public final class ClientResponses {

    private ClientResponses() {}

    /** The headers every client response carries, whoever answered. */
    public static void decorate(
            Headers headers, String coherenceText, String blessing, String arrival, String requestId) {
        headers.set(EdgeHeaders.FIELD_COHERENCE, coherenceText);
        headers.set(EdgeHeaders.EDGE_ARRIVAL, arrival);
        headers.set(EdgeHeaders.SACRED_BLESSING, blessing);
        headers.set(EdgeHeaders.REQUEST_ID, requestId);
    }

    public static Response json(int status, String body, Headers headers) {
        headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
        if (!headers.has(EdgeHeaders.EDGE_ORIGIN)) {
            headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        }
        return Response.create(body, status, headers);
    }

    public static Response error(int status, String code, String message, Headers headers) {
        return json(status, ResponseBodies.error(code, message), headers);
    }

    public static Response error(int status, String code, String message, String field, Headers headers) {
        return json(status, ResponseBodies.error(code, message, field), headers);
    }

    public static Response pause(PauseDecision decision, String message, Headers headers) {
        headers.set(EdgeHeaders.SACRED_PAUSE_DURATION, Long.toString(decision.durationMillis()));
        headers.set(EdgeHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        headers.set(EdgeHeaders.CACHE_CONTROL, "no-store");
        return json(decision.status(), ResponseBodies.pause(decision, message), headers);
    }
}

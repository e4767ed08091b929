package org.sacredcouncil.functions.heart;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.sql.SQLException;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.edge.EdgeSignature;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * The HTTP API under {@code /v1} (DESIGN.md), the origin behind the edge. Routing, the edge signature
 * check and error mapping live here; the endpoints are in {@link HeartApi}.
 */
public final class HeartFunction implements HttpFunction {

    private static final StructuredLog LOG = StructuredLog.of("heart");

    private final HeartApi api;
    private final EdgeSignature edgeSignature;

    public HeartFunction() {
        this.api = HeartApi.fromConfig();
        String secret = FunctionConfig.edgeSecret();
        this.edgeSignature = secret == null ? null : new EdgeSignature(secret);
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        long start = System.nanoTime();
        String method = request.getMethod();
        String path = request.getPath();
        int v1 = path.indexOf("/v1/");
        // mounted under a prefix (e.g. cloudfunctions.net/heart): everything from /v1/ on is the route
        String route = v1 < 0 ? path : path.substring(v1);
        JsonResponse answer;
        try {
            if (v1 < 0) {
                throw new ApiError(404, "not_found", null, "no such endpoint: " + path);
            }
            checkEdgeSignature(request, method, route);
            answer = api.handle(method, route, request);
        } catch (ApiError e) {
            answer = JsonResponse.error(e);
        } catch (SQLException | LiveViewException | PublishFailedException e) {
            LOG.error("dependency unavailable", "path", route, "error", e.toString());
            answer = JsonResponse.error(new ApiError(503, "unavailable", null,
                    "a backing service is unavailable; retry with the same Idempotency-Key"));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure", "path", route, "error", e.toString());
            answer = JsonResponse.error(new ApiError(500, "internal", null, "internal error"));
        }
        drainUnreadBody(request);
        response.appendHeader("Cache-Control", "no-store");
        answer.writeTo(response);
        LOG.traced(answer.status() >= 500 ? "ERROR" : "INFO", request.getFirstHeader("traceparent").orElse(null),
                method + " " + route + " " + answer.status(), "status", answer.status(),
                "latencyMs", (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Reads what a refused request left of its body (up to 1 MiB) before answering: a server that answers
     * with a body still unread closes the connection, and the edge would count that reset as this origin
     * failing.
     */
    private static void drainUnreadBody(HttpRequest request) {
        try {
            RequestBody.discardRest(request.getInputStream());
        } catch (IOException | RuntimeException e) {
            // nothing left to read, or the client went away: the answer is written anyway
        }
    }

    private void checkEdgeSignature(HttpRequest request, String method, String route) {
        if (edgeSignature == null || route.equals("/v1/healthz")) {
            return;
        }
        String pathAndQuery = route + request.getQuery().map(q -> "?" + q).orElse("");
        EdgeSignature.Result result = edgeSignature.verify(request.getFirstHeader("X-Edge-Signature").orElse(null),
                method, pathAndQuery, request.getFirstHeader("X-Edge-Arrival").orElse(null),
                request.getFirstHeader("X-Field-Version").orElse(null),
                request.getFirstHeader("X-Field-Coherence").orElse(null),
                request.getFirstHeader("X-Request-Id").orElse(null), System.currentTimeMillis() / 1000);
        if (!result.valid()) {
            throw new ApiError(401, "invalid_edge_signature", null, result.reason());
        }
    }
}

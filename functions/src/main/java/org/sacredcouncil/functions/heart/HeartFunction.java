package org.sacredcouncil.functions.heart;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.edge.EdgeSignature;
import org.sacredcouncil.functions.edge.SignedRequest;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.EdgeNonceStore;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * The HTTP API under {@code /v1}, the origin behind the edge. Reading the request, the edge signature
 * check and error mapping live here; the endpoints are the rows of {@link HeartRoutes}.
 *
 * <p>Error mapping (docs/contracts.md#origin-fault): a client's failure is a JSON 4xx; a failure of
 * heart's own dependencies (PostgreSQL, Firestore, Pub/Sub) is a 503 and an unexpected one a 500, both with
 * {@code X-Origin-Fault: <reason>} so that the edge counts them — and only them — against this origin.
 */
public class HeartFunction implements HttpFunction {

    private static final StructuredLog LOG = StructuredLog.of("heart");
    /** Safe methods: no nonce claim (docs/contracts.md#edge-signature), the signature's 60 s bound them. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final HeartApi api;
    private final EdgeSignature edgeSignature;
    private final EdgeNonceStore nonces;
    private final Telemetry telemetry = Telemetry.of("heart");

    public HeartFunction() {
        this(HeartApi.fromConfig(), FunctionConfig.edgeSecret());
    }

    /** For tests that put a heart together from their own parts (e.g. a publisher that times out). */
    HeartFunction(HeartApi api, String edgeSecret) {
        this.api = api;
        this.edgeSignature = edgeSecret == null ? null : new EdgeSignature(edgeSecret);
        this.nonces = new EdgeNonceStore(api.dataSource());
    }

    private boolean claimNonce(String nonce) throws SQLException {
        api.migrated();
        return nonces.claim(nonce);
    }

    /**
     * One span per request, continuing the edge's {@code traceparent} (its child), current while the request
     * runs: the event heart publishes carries it on (EventPublisher), and every log line names it.
     */
    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        long start = System.nanoTime();
        Span span = telemetry
                .tracer()
                .spanBuilder("heart")
                .setParent(TraceContextCarrier.extract(
                        name -> request.getFirstHeader(name).orElse(null)))
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        String endpoint = IncomingRequest.UNMATCHED;
        try (Scope scope = span.makeCurrent()) {
            endpoint = serveTraced(request, response, span);
        } finally {
            span.end();
            telemetry.metrics().latency(endpoint, start);
        }
    }

    /** @return the endpoint matched ("POST /v1/messages"), or {@link IncomingRequest#UNMATCHED} */
    private String serveTraced(HttpRequest request, HttpResponse response, Span span) throws IOException {
        long start = System.nanoTime();
        String method = request.getMethod();
        String endpoint = IncomingRequest.UNMATCHED;
        String route = "-";
        JsonResponse answer;
        String fault = null;
        try {
            IncomingRequest in = IncomingRequest.read(request);
            route = in.route();
            checkEdgeSignature(in);
            try {
                answer = api.handle(in);
            } finally {
                endpoint = in.endpoint();
            }
        } catch (ApiError e) {
            answer = JsonResponse.error(e);
        } catch (SQLException e) {
            fault = "postgresql";
            answer = unavailable(route, fault, e);
        } catch (LiveViewException e) {
            fault = "firestore";
            answer = unavailable(route, fault, e);
        } catch (PublishFailedException e) {
            fault = "pubsub";
            answer = unavailable(route, fault, e);
        } catch (RuntimeException e) {
            fault = "internal";
            LOG.error("unexpected failure", "path", route, "error", e.getClass().getName());
            answer = JsonResponse.error(new ApiError(500, "internal", null, "internal error"));
        }
        drainUnreadBody(request);
        if (!answer.headers().containsKey("Cache-Control")) {
            response.appendHeader(
                    "Cache-Control",
                    FieldHistoryRoute.PATH.equals(route) && answer.status() == 200
                            ? FieldHistoryRoute.CACHE_CONTROL
                            : "no-store");
        }
        if (fault != null) {
            response.appendHeader("X-Origin-Fault", fault);
        }
        answer.writeTo(response);
        // The route only (never the query, headers or body): keys, cursors and text stay out of the logs.
        LOG.traced(
                answer.status() >= 500 ? "ERROR" : "INFO",
                request.getFirstHeader("traceparent").orElse(null),
                method + " " + route + " " + answer.status(),
                "status",
                answer.status(),
                "latencyMs",
                (System.nanoTime() - start) / 1_000_000);
        span.updateName("heart " + endpoint);
        span.setAttribute("http.response.status_code", answer.status());
        if (answer.status() >= 500) {
            span.setStatus(StatusCode.ERROR, fault);
        }
        return endpoint;
    }

    private static JsonResponse unavailable(String route, String dependency, Exception e) {
        // the exception's class and the dependency, not its message: a driver's message may quote a URL
        LOG.error(
                "dependency unavailable",
                "path",
                route,
                "dependency",
                dependency,
                "error",
                e.getClass().getName(),
                "cause",
                e.getCause() == null ? null : e.getCause().getClass().getName());
        return JsonResponse.error(new ApiError(
                503,
                "unavailable",
                null,
                "a backing service is unavailable; retry (with the same Idempotency-Key, if you sent one)"));
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

    private void checkEdgeSignature(IncomingRequest in) throws SQLException {
        if (edgeSignature == null || in.route().equals("/v1/healthz")) {
            return;
        }
        SignedRequest signed = new SignedRequest(
                in.method(),
                in.header("Host").orElse("").toLowerCase(Locale.ROOT),
                in.target(),
                EdgeSignature.sha256Hex(in.body()),
                in.header("Authorization").orElse(null),
                in.header("X-Edge-Arrival").orElse(null),
                in.header("X-Field-Version").orElse(null),
                in.header("X-Field-Coherence").orElse(null),
                in.header("X-Request-Id").orElse(null));
        EdgeSignature.Result result = edgeSignature.verify(
                in.header("X-Edge-Signature").orElse(null), signed, System.currentTimeMillis() / 1000);
        if (!result.valid()) {
            throw new ApiError(401, "invalid_edge_signature", "header:X-Edge-Signature", result.reason());
        }
        if (!SAFE_METHODS.contains(in.method()) && !claimNonce(result.nonce())) {
            throw new ApiError(
                    401, "replayed_request", "header:X-Edge-Signature", "this signed request was seen before");
        }
    }
}

package org.sacredcouncil.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseInput;
import org.sacredcouncil.core.pause.PausePolicy;
import org.sacredcouncil.core.routing.CoherenceRouter;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.core.routing.RoutePlan;
import org.sacredcouncil.edge.cache.CachedField;
import org.sacredcouncil.edge.cache.FieldCache;
import org.sacredcouncil.edge.cache.FieldLoader;
import org.sacredcouncil.edge.cache.Freshness;
import org.sacredcouncil.edge.config.EdgeConfig;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.headers.RequestIds;
import org.sacredcouncil.edge.http.ClientResponses;
import org.sacredcouncil.edge.http.EdgeRouter;
import org.sacredcouncil.edge.http.EtagMatch;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.http.ResponseBodies;
import org.sacredcouncil.edge.http.WriteBodyPolicy;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.platform.ExecutionContext;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Kv;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.sacredcouncil.edge.proxy.EdgeStamp;
import org.sacredcouncil.edge.proxy.OriginForwarder;
import org.sacredcouncil.edge.proxy.OriginHeaders;
import org.sacredcouncil.edge.proxy.Outbound;
import org.sacredcouncil.edge.proxy.RetryPolicy;
import org.sacredcouncil.edge.signing.RequestSigner;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * The edge for one isolate: its field cache, its observations of the origins, and the request flow that
 * ties them to core's routing and pause policies. Lives as long as the isolate.
 *
 * <p>Steps that need no I/O run without a promise hop: under TeaVM every Java callback in a chain costs a
 * functor and wrapped values, which the benchmark showed on the proxy path.
 */
final class EdgeApp {

    private final EdgeConfig config;
    private final FieldCache cache;
    private final FieldLoader loader;
    private final OriginObservations observations;
    private final CoherenceRouter router;
    private final PausePolicy pausePolicy;
    private final OriginForwarder forwarder;
    private final RequestSigner signer;

    EdgeApp(EdgeConfig config, Kv kv) {
        this.config = config;
        this.cache = new FieldCache(config.fieldMemoryTtlMillis(), config.maxStaleMillis());
        this.observations = new OriginObservations(config.ejection());
        this.router = new CoherenceRouter(config.routing());
        this.pausePolicy = new PausePolicy(config.pause());
        this.forwarder = new OriginForwarder(observations, config.originTimeoutMillis());
        this.signer = new RequestSigner(config.edgeSecret());
        this.loader = new FieldLoader(cache, kv, config.kvCacheTtlSeconds(), config.kvFreshMillis(),
                this::fetchFieldFromOrigin);
        if (!signer.enabled()) {
            WorkerRuntime.log(LogLine.warning("EDGE_SECRET is not set: requests to origins are not signed").toJson());
        }
    }

    JSPromise<Response> handle(Request request, ExecutionContext ctx) {
        RequestScope scope = new RequestScope(request, WorkerRuntime.nowMillis());
        if (scope.clientAskedForPause()) {
            // The field is loaded first (no I/O once memory holds it) so X-Field-Coherence tells the truth.
            return afterField(ctx, () -> {
                CachedField field = heldOrInitial();
                PauseDecision decision = pausePolicy.decide(
                        new PauseInput(true, EdgeRouter.isWrite(scope.method), field.coherence(), true, 0),
                        WorkerRuntime.RANDOM);
                return JSPromise.resolve(pauseResponse(scope, field, decision));
            });
        }
        switch (EdgeRouter.route(scope.method, scope.target.path())) {
            case FIELD: {
                Freshness before = cache.freshness(now());
                return afterField(ctx, () -> JSPromise.resolve(serveField(scope, before)));
            }
            case PROXY:
                return afterField(ctx, () -> proxy(scope));
            case METHOD_NOT_ALLOWED: {
                Headers headers = clientHeaders(scope, heldOrInitial());
                headers.set("allow", "GET, HEAD");
                return JSPromise.resolve(ClientResponses.error(405, "method_not_allowed",
                        scope.method + " is not allowed on " + scope.target.path(), headers));
            }
            default:
                return JSPromise.resolve(ClientResponses.error(404, "not_found",
                        "no such path: " + scope.target.path(), clientHeaders(scope, heldOrInitial())));
        }
    }

    /** Runs {@code next} once the field cache is usable; directly, without a promise hop, when it already is. */
    private JSPromise<Response> afterField(ExecutionContext ctx, Supplier<JSPromise<Response>> next) {
        JSPromise<JSObject> loading = loader.ensure(ctx);
        return loading == null ? next.get() : loading.flatThen(ignored -> next.get());
    }

    private Response serveField(RequestScope scope, Freshness before) {
        CachedField held = cache.held();
        if (held == null || cache.freshness(now()) == Freshness.EXPIRED) {
            return pauseResponse(scope, heldOrInitial(), noOrigin(scope, heldOrInitial()));
        }
        Headers headers = clientHeaders(scope, held);
        headers.set(EdgeHeaders.ETAG, held.etag());
        headers.set(EdgeHeaders.CACHE_CONTROL, "no-cache");
        headers.set(EdgeHeaders.FIELD_VERSION, held.versionText());
        headers.set(EdgeHeaders.FIELD_CACHE, tierHeader(before, held));
        headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        if (EtagMatch.matches(scope.request.getHeaders().get(EdgeHeaders.IF_NONE_MATCH), held.etag())) {
            return Response.create(null, 304, headers);
        }
        headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
        return Response.create(scope.method.equals("HEAD") ? null : held.json(), 200, headers);
    }

    private static String tierHeader(Freshness before, CachedField held) {
        switch (before) {
            case FRESH:
                return "memory";
            case STALE:
                return "stale";
            default:
                return held.source().headerValue();
        }
    }

    private JSPromise<Response> proxy(RequestScope scope) {
        CachedField field = heldOrInitial();
        boolean write = EdgeRouter.isWrite(scope.method);
        Headers clientRequestHeaders = scope.request.getHeaders();
        String contentLength = clientRequestHeaders.get("content-length");
        if (write && declaredBodyTooLarge(contentLength)) {
            // Refused here, not at the origin: an origin that answers before reading a large body resets the
            // connection, and the edge would count that as the origin failing (and eject it).
            return JSPromise.resolve(tooLarge(scope, field));
        }
        List<Origin> origins = originsOf(field);
        long now = now();
        RoutePlan plan = router.plan(origins, observations, Request.continentOf(scope.request), now,
                WorkerRuntime.RANDOM);
        PauseDecision decision = pausePolicy.decide(new PauseInput(false, write, field.coherence(),
                !plan.isEmpty(), plan.isEmpty() ? observations.millisUntilFirstReturn(ids(origins), now) : 0),
                WorkerRuntime.RANDOM);
        if (decision.paused()) {
            return JSPromise.resolve(pauseResponse(scope, field, decision));
        }
        if (write) {
            String contentType = clientRequestHeaders.get("content-type");
            boolean hasBody = contentLength == null ? scope.request.getBody() != null : !contentLength.equals("0");
            if (WriteBodyPolicy.refuses(contentType, hasBody)) {
                return JSPromise.resolve(ClientResponses.error(415, "unsupported_media_type",
                        WriteBodyPolicy.message(contentType), clientHeaders(scope, field)));
            }
        }
        EdgeStamp stamp = scope.stamp(field);
        Headers headers = OriginHeaders.fromClient(clientRequestHeaders);
        OriginHeaders.addEdgeHeaders(headers, stamp);
        boolean retryable = RetryPolicy.retryable(scope.method, clientRequestHeaders.get(EdgeHeaders.IDEMPOTENCY_KEY));
        Function<Response, Response> finish = response -> {
            if (response == null) {
                return pauseResponse(scope, field, noOrigin(scope, field));
            }
            ClientResponses.decorate(response.getHeaders(), field.coherenceText(), field.blessing(), scope.arrival,
                    scope.requestId);
            return response;
        };
        // Reads carry no body. A retryable write is buffered so a second origin gets the same bytes; any
        // other write of declared length streams the client's body through untouched.
        // A write of unknown length (chunked) is buffered too, so that its size can be checked before an origin
        // sees it.
        if (write && (retryable || contentLength == null)) {
            return scope.request.arrayBuffer().flatThen(buffer -> buffer.getByteLength() > config.maxBodyBytes()
                    ? JSPromise.resolve(tooLarge(scope, field))
                    : send(scope, headers, stamp, buffer, retryable, plan, finish));
        }
        JSObject body = EdgeRouter.isRead(scope.method) ? null : scope.request.getBody();
        return send(scope, headers, stamp, body, retryable, plan, finish);
    }

    private Response tooLarge(RequestScope scope, CachedField field) {
        return ClientResponses.error(413, "payload_too_large",
                "the body exceeds " + config.maxBodyBytes() + " bytes", clientHeaders(scope, field));
    }

    /** A declared length over the limit; more than 15 digits is over any limit (and too long to parse). */
    private boolean declaredBodyTooLarge(String length) {
        if (length == null || length.isEmpty()) {
            return false;
        }
        if (length.length() > 15) {
            return true;
        }
        for (int i = 0; i < length.length(); i++) {
            if (length.charAt(i) < '0' || length.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(length) > config.maxBodyBytes();
    }

    private JSPromise<Response> send(RequestScope scope, Headers headers, EdgeStamp stamp, JSObject body,
                                     boolean retryable, RoutePlan plan, Function<Response, Response> finish) {
        Outbound out = new Outbound(scope.method, scope.target, headers, body, retryable);
        if (!signer.enabled()) {
            return forwarder.forward(out, plan, finish);
        }
        return signer.sign(headers, scope.method, scope.target.pathAndQuery(), stamp)
                .flatThen(signed -> forwarder.forward(out, plan, finish));
    }

    /** The origin side of the field tier: a signed GET /v1/field along the routing plan, retried once. */
    private JSPromise<Response> fetchFieldFromOrigin() {
        CachedField field = heldOrInitial();
        double nowMillis = WorkerRuntime.nowMillis();
        RoutePlan plan = router.plan(originsOf(field), observations, "", (long) nowMillis, WorkerRuntime.RANDOM);
        String random = WebCrypto.randomHex48();
        String traceparent = RequestIds.traceparent(null, () -> random.substring(0, 32), random.substring(32));
        EdgeStamp stamp = new EdgeStamp(WorkerRuntime.unixSecondsText(nowMillis), WorkerRuntime.isoTime(nowMillis),
                field.versionText(), field.coherenceText(), WebCrypto.randomUuid(), traceparent);
        Headers headers = Headers.create();
        headers.set("accept", "application/json");
        OriginHeaders.addEdgeHeaders(headers, stamp);
        RequestTarget target = new RequestTarget("/v1/field", "");
        Outbound out = new Outbound("GET", target, headers, null, true);
        if (!signer.enabled()) {
            return forwarder.forward(out, plan, Function.identity());
        }
        return signer.sign(headers, "GET", target.pathAndQuery(), stamp)
                .flatThen(signed -> forwarder.forward(out, plan, Function.identity()));
    }

    private PauseDecision noOrigin(RequestScope scope, CachedField field) {
        return pausePolicy.decide(new PauseInput(false, EdgeRouter.isWrite(scope.method), field.coherence(), false,
                observations.millisUntilFirstReturn(ids(originsOf(field)), now())), WorkerRuntime.RANDOM);
    }

    private Response pauseResponse(RequestScope scope, CachedField field, PauseDecision decision) {
        String message = ResponseBodies.pauseMessage(decision.kind(), field.coherenceText(),
                config.pause().coherenceThreshold());
        return ClientResponses.pause(decision, message, clientHeaders(scope, field));
    }

    private static Headers clientHeaders(RequestScope scope, CachedField field) {
        Headers headers = Headers.create();
        ClientResponses.decorate(headers, field.coherenceText(), field.blessing(), scope.arrival, scope.requestId);
        return headers;
    }

    private CachedField heldOrInitial() {
        CachedField held = cache.held();
        return held != null ? held : CachedField.INITIAL;
    }

    /** The field's own origin list wins; the ORIGINS var is the bootstrap and the fallback. */
    private List<Origin> originsOf(CachedField field) {
        List<Origin> own = field.state().origins();
        return own.isEmpty() ? config.fallbackOrigins() : own;
    }

    private static List<String> ids(List<Origin> origins) {
        List<String> ids = new ArrayList<>(origins.size());
        for (Origin origin : origins) {
            ids.add(origin.id());
        }
        return ids;
    }

    private static long now() {
        return (long) WorkerRuntime.nowMillis();
    }
}

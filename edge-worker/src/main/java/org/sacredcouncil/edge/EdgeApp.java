package org.sacredcouncil.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.pause.HealingWrites;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseInput;
import org.sacredcouncil.core.pause.PauseKind;
import org.sacredcouncil.core.pause.PausePolicy;
import org.sacredcouncil.core.routing.CoherenceRouter;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.core.routing.RetryBudget;
import org.sacredcouncil.core.routing.RoutePlan;
import org.sacredcouncil.edge.artifacts.ArtifactFlow;
import org.sacredcouncil.edge.artifacts.ArtifactRoutes;
import org.sacredcouncil.edge.cache.CachedField;
import org.sacredcouncil.edge.cache.FieldCache;
import org.sacredcouncil.edge.cache.FieldLoader;
import org.sacredcouncil.edge.cache.Freshness;
import org.sacredcouncil.edge.config.EdgeConfig;
import org.sacredcouncil.edge.graphql.GraphqlOperation;
import org.sacredcouncil.edge.graphql.GraphqlRequests;
import org.sacredcouncil.edge.graphql.PersistedQueries;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.health.OriginProber;
import org.sacredcouncil.edge.health.PublicField;
import org.sacredcouncil.edge.http.ClientResponses;
import org.sacredcouncil.edge.http.CorsPolicy;
import org.sacredcouncil.edge.http.EdgeRoute;
import org.sacredcouncil.edge.http.EdgeRouter;
import org.sacredcouncil.edge.http.EtagMatch;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.http.ResponseBodies;
import org.sacredcouncil.edge.http.TargetHygiene;
import org.sacredcouncil.edge.http.WriteBodyPolicy;
import org.sacredcouncil.edge.limits.EdgeRateLimits;
import org.sacredcouncil.edge.limits.RequestKind;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.metrics.EdgeMetrics;
import org.sacredcouncil.edge.metrics.MetricsAccess;
import org.sacredcouncil.edge.platform.AnalyticsEngine;
import org.sacredcouncil.edge.platform.ClientBody;
import org.sacredcouncil.edge.platform.ExecutionContext;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Kv;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.StaticAssets;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.sacredcouncil.edge.proxy.EdgeStamp;
import org.sacredcouncil.edge.proxy.OriginForwarder;
import org.sacredcouncil.edge.proxy.Outbound;
import org.sacredcouncil.edge.signing.RequestSigner;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The edge for one isolate: its field cache, its observations of the origins, and the request flow that
 * ties them to core's routing and pause policies. Lives as long as the isolate.
 *
 * <p>Steps that need no I/O run without a promise hop: under TeaVM every Java callback in a chain costs a
 * functor and wrapped values, which the benchmark showed on the proxy path.
 */
final class EdgeApp {

    /** docs/openapi.json in the static assets (edge-worker/dashboard/openapi.json links to it). */
    static final String OPENAPI_ASSET = "/openapi.json";

    private final EdgeConfig config;
    private final FieldCache cache;
    private final FieldLoader loader;
    private final OriginObservations observations;
    private final CoherenceRouter router;
    private final PausePolicy pausePolicy;
    private final OriginForwarder forwarder;
    private final RequestSigner signer;
    private final EdgeRateLimits limits;
    private final String tooLargeMessage;
    private final String slowBodyMessage;
    /** where {@code /openapi.json} is read from (null: not bound, the document answers 503) */
    private final StaticAssets assets;

    private final EdgeMetrics metrics;
    private final MetricsAccess metricsAccess;
    private final OriginProber prober;
    private final PublicField publicField;
    private final ArtifactRoutes artifacts;

    EdgeApp(
            EdgeConfig config,
            Kv kv,
            EdgeRateLimits limits,
            StaticAssets assets,
            AnalyticsEngine dataset,
            ArtifactRoutes artifacts) {
        this.config = config;
        this.artifacts = artifacts;
        this.assets = assets;
        this.metrics = new EdgeMetrics(dataset);
        this.metricsAccess = new MetricsAccess(config.metricsToken());
        this.limits = limits;
        this.tooLargeMessage = "the body exceeds " + config.maxBodyBytes() + " bytes";
        this.slowBodyMessage = "the body did not arrive within " + config.clientBodyTimeoutMillis() + " ms";
        this.cache = new FieldCache(config.fieldMemoryTtlMillis(), config.maxStaleMillis());
        this.observations = new OriginObservations(config.ejection());
        this.prober =
                new OriginProber(observations, metrics, config.probeIntervalMillis(), config.probeTimeoutMillis());
        this.publicField = new PublicField(observations);
        this.router = new CoherenceRouter(config.routing());
        this.pausePolicy = new PausePolicy(config.pause());
        this.signer = new RequestSigner(config.edgeSecret());
        this.forwarder = new OriginForwarder(
                observations,
                new RetryBudget(config.retryBudgetPercent(), RetryBudget.DEFAULT_MIN_RETRIES),
                signer,
                config.originTimeoutMillis(),
                config.requestDeadlineMillis(),
                metrics);
        this.loader = new FieldLoader(
                cache, kv, config.kvCacheTtlSeconds(), config.kvFreshMillis(), this::fetchFieldFromOrigin);
        if (!signer.enabled()) {
            WorkerRuntime.log(LogLine.warning("EDGE_SECRET is not set: requests to origins are not signed")
                    .toJson());
        }
    }

    JSPromise<Response> handle(Request request, ExecutionContext ctx) {
        RequestScope scope = new RequestScope(request, WorkerRuntime.nowMillis());
        JSPromise<Void> probes = prober.due(originsOf(heldOrInitial()), scope.arrivalMillis);
        if (probes != null) {
            ctx.waitUntil(probes);
        }
        JSPromise<Response> answer = withBody(scope, ctx);
        String origin = request.getHeaders().get("origin");
        boolean cors = origin != null
                && config.cors().allows(origin)
                && !CorsPolicy.isPreflight(scope.method, request.getHeaders());
        // one callback for both: the metrics data point (every request) and CORS (some)
        return answer.then(response -> {
            if (cors) {
                CorsPolicy.actual(response.getHeaders(), origin);
            }
            measured(scope, response);
            return response;
        });
    }

    private void measured(RequestScope scope, Response response) {
        metrics.request(
                scope.route,
                scope.tier,
                scope.pause,
                response.getHeaders().get(EdgeHeaders.EDGE_ORIGIN),
                response.getStatus(),
                WorkerRuntime.nowMillis() - scope.arrivalMillis);
    }

    /** The Cron Trigger: a probe round whatever the traffic (docs/observability.md#origin-health). */
    JSPromise<Void> scheduled(ExecutionContext ctx) {
        JSPromise<Void> loading = loader.ensure(ctx);
        if (loading == null) {
            JSPromise<Void> round = prober.round(originsOf(heldOrInitial()), WorkerRuntime.nowMillis());
            return round == null ? JSPromise.resolve(null) : round;
        }
        return loading.flatThen(ignored -> {
            JSPromise<Void> round = prober.round(originsOf(heldOrInitial()), WorkerRuntime.nowMillis());
            return round == null ? JSPromise.resolve(null) : round;
        });
    }

    /** {@code GET /internal/metrics}: this isolate's counters, for a caller with the metrics token. */
    Response metrics(Request request) {
        Headers headers = Headers.create();
        headers.set(EdgeHeaders.CACHE_CONTROL, "no-store");
        if (!request.getMethod().equals("GET")) {
            headers.set("allow", "GET");
            return ClientResponses.error(
                    405,
                    "method_not_allowed",
                    request.getMethod() + " is not allowed on " + MetricsAccess.PATH,
                    headers);
        }
        if (!metricsAccess.allows(request.getHeaders().get("authorization"))) {
            return ClientResponses.error(
                    401,
                    "unauthorized",
                    metricsAccess.enabled()
                            ? "a valid Authorization: Bearer <METRICS_TOKEN> is required"
                            : "METRICS_TOKEN is not set: the metrics endpoint is closed",
                    "header:Authorization",
                    headers);
        }
        headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
        return Response.create(metrics.json(originsOf(heldOrInitial()), observations, now()), 200, headers);
    }

    /**
     * Holds the client's whole body, bounded in size and time, before anything else happens
     * (docs/contracts.md#origin-fault): a slow body is the client's {@code 408}, never an origin's timeout, and
     * every answer — pauses and refusals included — leaves the client's connection clean.
     */
    private JSPromise<Response> withBody(RequestScope scope, ExecutionContext ctx) {
        // an artifact upload reads its own body, to ARTIFACT_MAX_BYTES (docs/artifacts.md#types)
        if (!scope.hasBody() || ArtifactRoutes.isUpload(scope.method, scope.target.path())) {
            return dispatch(scope, null, ctx);
        }
        if (declaredBodyTooLarge(scope.request.getHeaders().get("content-length"))) {
            // Refused unread: reading a declared oversized body only to refuse it would let any client make the
            // edge read as much as it likes.
            return refuse(ctx, scope, 413, "payload_too_large", tooLargeMessage, "body");
        }
        return ClientBody.read(scope.request, config.maxBodyBytes(), config.clientBodyTimeoutMillis())
                .flatThen(body -> {
                    switch (body.getOutcome()) {
                        case ClientBody.READ:
                            return dispatch(scope, body, ctx);
                        case ClientBody.TIMED_OUT:
                            return refuse(ctx, scope, 408, "request_timeout", slowBodyMessage, "body");
                        case ClientBody.TOO_LARGE:
                            return refuse(ctx, scope, 413, "payload_too_large", tooLargeMessage, "body");
                        default:
                            return refuse(ctx, scope, 400, "bad_request", "the body could not be read", "body");
                    }
                });
    }

    /** A client error answered by the edge, once the field is usable so its headers tell the truth. */
    private JSPromise<Response> refuse(
            ExecutionContext ctx, RequestScope scope, int status, String code, String message, String field) {
        return afterField(
                ctx,
                () -> JSPromise.resolve(
                        ClientResponses.error(status, code, message, field, clientHeaders(scope, heldOrInitial()))));
    }

    private JSPromise<Response> dispatch(RequestScope scope, ClientBody body, ExecutionContext ctx) {
        String refusedPart = TargetHygiene.refusedPart(scope.target);
        if (refusedPart != null) {
            return refuse(ctx, scope, 400, "invalid_request_target", TargetHygiene.message(scope.target), refusedPart);
        }
        if (CorsPolicy.isPreflight(scope.method, scope.request.getHeaders())) {
            scope.route = "preflight";
            return JSPromise.resolve(preflight(scope));
        }
        if (scope.clientAskedForPause()) {
            // The field is loaded first (no I/O once memory holds it) so X-Field-Coherence tells the truth.
            return afterField(ctx, () -> {
                CachedField field = heldOrInitial();
                PauseDecision decision = pausePolicy.decide(
                        PauseInput.askedByClient(EdgeRouter.isWrite(scope.method), field.coherence()),
                        WorkerRuntime.RANDOM);
                return JSPromise.resolve(pauseResponse(scope, field, decision));
            });
        }
        switch (EdgeRouter.route(scope.method, scope.target.path())) {
            case EdgeRoute.FIELD: {
                scope.route = "field";
                int before = cache.freshness(now());
                return afterField(ctx, () -> JSPromise.resolve(serveField(scope, before)));
            }
            case EdgeRoute.OPENAPI:
                scope.route = "openapi";
                return openApi(scope);
            case EdgeRoute.ARTIFACTS:
                scope.route = "artifacts";
                return afterField(ctx, () -> artifacts.handle(scope.request, scope.target, new Flow(scope)));
            case EdgeRoute.PROXY:
                scope.route = "proxy";
                if (PersistedQueries.cacheable(
                        scope.method, scope.target.path(), scope.target.query(), scope.request.getHeaders())) {
                    // docs/graphql.md#persisted: looked up before the rate limit and any origin
                    return afterField(
                            ctx,
                            () -> PersistedQueries.serve(
                                    scope.request.getUrl(),
                                    ctx,
                                    () -> proxy(scope, body),
                                    clientHeaders(scope, heldOrInitial())));
                }
                return afterField(ctx, () -> proxy(scope, body));
            case EdgeRoute.METHOD_NOT_ALLOWED: {
                Headers headers = clientHeaders(scope, heldOrInitial());
                headers.set("allow", "GET, HEAD");
                return JSPromise.resolve(ClientResponses.error(
                        405,
                        "method_not_allowed",
                        scope.method + " is not allowed on " + scope.target.path(),
                        headers));
            }
            default:
                return JSPromise.resolve(ClientResponses.error(
                        404,
                        "not_found",
                        "no such path: " + scope.target.path(),
                        clientHeaders(scope, heldOrInitial())));
        }
    }

    /** A CORS preflight, answered here: it never reaches an origin (docs/contracts.md#edge-config). */
    private Response preflight(RequestScope scope) {
        String origin = scope.request.getHeaders().get("origin");
        Headers headers = clientHeaders(scope, heldOrInitial());
        if (!config.cors().allows(origin)) {
            return ClientResponses.error(
                    403,
                    "cors_origin_not_allowed",
                    "cross-origin requests from " + origin + " are not allowed",
                    "header:Origin",
                    headers);
        }
        CorsPolicy.preflight(headers, origin);
        headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        return Response.create(null, 204, headers);
    }

    /** Runs {@code next} once the field cache is usable; directly, without a promise hop, when it already is. */
    private JSPromise<Response> afterField(ExecutionContext ctx, Supplier<JSPromise<Response>> next) {
        JSPromise<Void> loading = loader.ensure(ctx);
        return loading == null ? next.get() : loading.flatThen(ignored -> next.get());
    }

    private Response serveField(RequestScope scope, int before) {
        CachedField held = cache.held();
        if (held == null || cache.freshness(now()) == Freshness.EXPIRED) {
            return pauseResponse(scope, heldOrInitial(), noOrigin(scope, heldOrInitial()));
        }
        publicField.update(held, now());
        Headers headers = clientHeaders(scope, held);
        headers.set(EdgeHeaders.ETAG, publicField.etag());
        headers.set(EdgeHeaders.CACHE_CONTROL, "no-cache");
        headers.set(EdgeHeaders.FIELD_VERSION, held.versionText());
        scope.tier = tierHeader(before, held);
        headers.set(EdgeHeaders.FIELD_CACHE, scope.tier);
        headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        if (EtagMatch.matches(scope.request.getHeaders().get(EdgeHeaders.IF_NONE_MATCH), publicField.etag())) {
            return Response.create(null, 304, headers);
        }
        headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
        // The public form: clients never see the origins' URLs, only the edge routes by them; healthy is what
        // this edge routes to (probes and ejection), not the configured flag alone.
        return Response.create(scope.method.equals("HEAD") ? null : publicField.json(), 200, headers);
    }

    /**
     * The API description, docs/openapi.json: a static asset (the build does not embed it in the bundle), served
     * under the edge's own headers; the held field (if any) decorates it like every other edge answer.
     */
    private JSPromise<Response> openApi(RequestScope scope) {
        if (assets == null) {
            return JSPromise.resolve(openApiUnavailable(scope));
        }
        return StaticAssets.text(assets, OPENAPI_ASSET).then(text -> {
            if (text == null) {
                return openApiUnavailable(scope);
            }
            Headers headers = clientHeaders(scope, heldOrInitial());
            headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
            headers.set(EdgeHeaders.CACHE_CONTROL, "public, max-age=300");
            headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
            return Response.create(scope.method.equals("HEAD") ? null : text.stringValue(), 200, headers);
        });
    }

    private Response openApiUnavailable(RequestScope scope) {
        Headers headers = clientHeaders(scope, heldOrInitial());
        headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        return ClientResponses.error(
                503, "openapi_unavailable", "the API description is not deployed with this edge", headers);
    }

    private static String tierHeader(int before, CachedField held) {
        switch (before) {
            case Freshness.FRESH:
                return "memory";
            case Freshness.STALE:
                return "stale";
            default:
                return held.source();
        }
    }

    private JSPromise<Response> proxy(RequestScope scope, ClientBody body) {
        CachedField field = heldOrInitial();
        boolean write = EdgeRouter.isWrite(scope.method);
        Headers clientRequestHeaders = scope.request.getHeaders();
        ArrayBuffer bytes = body == null ? null : body.getBytes();
        if (write) {
            String contentType = clientRequestHeaders.get("content-type");
            if (WriteBodyPolicy.refuses(contentType, bytes != null && bytes.getByteLength() > 0)) {
                return JSPromise.resolve(ClientResponses.error(
                        415,
                        "unsupported_media_type",
                        WriteBodyPolicy.message(contentType),
                        "header:Content-Type",
                        clientHeaders(scope, field)));
            }
        }
        // docs/graphql.md#limits-at-edge: a GraphQL request counts by its operation; heart pauses its mutations
        GraphqlOperation graphql = GraphqlRequests.operation(
                scope.method, scope.target.path(), body == null ? null : ClientBody.text(body));
        boolean edgePauses = write && graphql == null;
        boolean read = graphql != null && GraphqlRequests.isRead(graphql);
        JSPromise<JSBoolean> limit = limits.check(
                graphql != null ? graphql.kind() : RequestKind.of(scope.method, scope.target.path()),
                clientRequestHeaders.get("cf-connecting-ip"),
                clientRequestHeaders.get("authorization"));
        if (limit == null) {
            return route(scope, field, edgePauses, read, body);
        }
        return limit.flatThen(allowed -> allowed.booleanValue()
                ? route(scope, field, edgePauses, read, body)
                : JSPromise.resolve(rateLimited(scope)));
    }

    private Response rateLimited(RequestScope scope) {
        return pauseResponse(
                scope,
                heldOrInitial(),
                pausePolicy.pause(
                        PauseKind.RATE_LIMITED, config.pause().rateLimitedPauseMillis(), WorkerRuntime.RANDOM));
    }

    /**
     * @param write a write the edge's own pause applies to
     * @param read  a POST that reads (a GraphQL query or subscription plan): retried as a GET is
     */
    private JSPromise<Response> route(
            RequestScope scope, CachedField field, boolean write, boolean read, ClientBody body) {
        // The body is parsed only when it matters: a write while the field is below the pause threshold.
        boolean heals = write
                && field.coherence() < config.pause().coherenceThreshold()
                && HealingWrites.heals(scope.method, scope.target.path(), body == null ? null : ClientBody.text(body));
        return route(
                scope,
                field,
                write,
                heals,
                read,
                scope.target,
                scope.request.getHeaders(),
                body == null ? null : body.getBytes());
    }

    /** The routing plan and the pause decision, then {@code bytes} to {@code target} along the plan, answered with the edge's headers. */
    private JSPromise<Response> route(
            RequestScope scope,
            CachedField field,
            boolean write,
            boolean heals,
            boolean read,
            RequestTarget target,
            Headers headers,
            ArrayBuffer bytes) {
        List<Origin> origins = originsOf(field);
        long now = now();
        RoutePlan plan =
                router.plan(origins, observations, Request.continentOf(scope.request), now, WorkerRuntime.RANDOM);
        PauseInput pauseInput = plan.isEmpty()
                ? PauseInput.noOriginAvailable(
                        write, field.coherence(), observations.millisUntilFirstReturn(ids(origins), now))
                : PauseInput.routable(write, field.coherence(), heals);
        PauseDecision decision = pausePolicy.decide(pauseInput, WorkerRuntime.RANDOM);
        if (decision.paused()) {
            return JSPromise.resolve(pauseResponse(scope, field, decision));
        }
        Outbound out = Outbound.proxied(scope.method, target, headers, bytes, scope.stamp(field), read);
        Function<Response, Response> finish = response -> {
            if (response == null) {
                return pauseResponse(scope, field, noOrigin(scope, field));
            }
            ClientResponses.decorate(
                    response.getHeaders(), field.coherenceText(), field.blessing(), scope.arrival, scope.requestId);
            return response;
        };
        return forwarder.forward(out, plan, finish);
    }

    /** The request flow as the artifact routes borrow it for one request (docs/artifacts.md#upload, #deleting). */
    private final class Flow implements ArtifactFlow {
        private final RequestScope scope;

        Flow(RequestScope scope) {
            this.scope = scope;
        }

        @Override
        public Headers headers() {
            return clientHeaders(scope, heldOrInitial());
        }

        @Override
        public JSPromise<JSBoolean> withinLimit(int kind) {
            Headers headers = scope.request.getHeaders();
            return limits.check(kind, headers.get("cf-connecting-ip"), headers.get("authorization"));
        }

        @Override
        public Response rateLimited() {
            return EdgeApp.this.rateLimited(scope);
        }

        @Override
        public JSPromise<Response> forward(RequestTarget target, Headers headers, ArrayBuffer body) {
            // an artifact write never heals: it pauses under the threshold like any other (docs/artifacts.md#upload)
            return route(scope, heldOrInitial(), EdgeRouter.isWrite(scope.method), false, false, target, headers, body);
        }
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

    /** The origin side of the field tier: a signed GET /v1/field along the routing plan, retried once. */
    private JSPromise<Response> fetchFieldFromOrigin() {
        CachedField field = heldOrInitial();
        double nowMillis = WorkerRuntime.nowMillis();
        RoutePlan plan = router.plan(originsOf(field), observations, "", (long) nowMillis, WorkerRuntime.RANDOM);
        EdgeStamp stamp = EdgeStamp.issue(
                WorkerRuntime.isoTime(nowMillis),
                field.versionText(),
                field.coherenceText(),
                WebCrypto.randomUuid(),
                null);
        return forwarder.forward(Outbound.fieldFetch(stamp), plan, Function.identity());
    }

    private PauseDecision noOrigin(RequestScope scope, CachedField field) {
        return pausePolicy.decide(
                PauseInput.noOriginAvailable(
                        EdgeRouter.isWrite(scope.method),
                        field.coherence(),
                        observations.millisUntilFirstReturn(ids(originsOf(field)), now())),
                WorkerRuntime.RANDOM);
    }

    private Response pauseResponse(RequestScope scope, CachedField field, PauseDecision decision) {
        scope.pause = decision.kind().code();
        String message = ResponseBodies.pauseMessage(
                decision.kind(), field.coherenceText(), config.pause().coherenceThreshold());
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

package org.sacredcouncil.edge;

import org.sacredcouncil.core.pause.PausePolicy;
import org.sacredcouncil.edge.artifacts.ArtifactRoutes;
import org.sacredcouncil.edge.config.ConfigException;
import org.sacredcouncil.edge.config.EdgeConfig;
import org.sacredcouncil.edge.http.ResponseBodies;
import org.sacredcouncil.edge.hub.FieldHub;
import org.sacredcouncil.edge.hub.HubLimits;
import org.sacredcouncil.edge.hub.HubRoutes;
import org.sacredcouncil.edge.limits.EdgeRateLimits;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.metrics.MetricsAccess;
import org.sacredcouncil.edge.platform.AnalyticsEngine;
import org.sacredcouncil.edge.platform.DurableObjectState;
import org.sacredcouncil.edge.platform.Env;
import org.sacredcouncil.edge.platform.ExecutionContext;
import org.sacredcouncil.edge.platform.Fetch;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.R2Bucket;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.StaticAssets;
import org.sacredcouncil.edge.platform.WebSocket;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * The Worker's entry, exported from TeaVM's ES module as {@code handleFetch}; {@code src/main/js/worker.mjs}
 * re-exports it as the module's {@code fetch} handler. The only class with {@code @JSExport}: TeaVM exports
 * every class that has one, whole.
 *
 * <p>Asynchrony is plain {@code JSPromise.then} chains, not {@code JSPromise.callAsync}: TeaVM's green
 * threads resume through {@code setTimeout(0)}, which cost a probe a fifth of its throughput.
 */
public final class EdgeWorker {

    /** One per isolate: the field cache and origin observations live as long as the isolate does. */
    private static EdgeApp app;
    /** The field hub of this isolate, when it hosts the Durable Object (docs/live-field.md). */
    private static FieldHub hub;

    private EdgeWorker() {}

    @JSExport
    public static JSPromise<Response> handleFetch(Request request, Env env, ExecutionContext ctx) {
        try {
            if (request.getUrl().indexOf(MetricsAccess.PATH) >= 0
                    && Request.pathOf(request).equals(MetricsAccess.PATH)) {
                return JSPromise.resolve(app(env).metrics(request));
            }
            if (HubRoutes.handles(request)) {
                return HubRoutes.handle(request, env).catchError(EdgeWorker::internalError);
            }
            return app(env).handle(request, ctx).catchError(EdgeWorker::internalError);
        } catch (ConfigException e) {
            WorkerRuntime.log(LogLine.error("edge misconfigured")
                    .with("reason", e.getMessage())
                    .toJson());
            return JSPromise.resolve(json(500, ResponseBodies.error("edge_misconfigured", e.getMessage())));
        } catch (RuntimeException e) {
            return JSPromise.resolve(internalError(e));
        }
    }

    /** The Cron Trigger ({@code [triggers] crons} in wrangler.toml): one probe round of every origin. */
    @JSExport
    public static JSPromise<Void> handleScheduled(Env env, ExecutionContext ctx) {
        try {
            return app(env).scheduled(ctx);
        } catch (ConfigException e) {
            WorkerRuntime.log(LogLine.error("edge misconfigured")
                    .with("reason", e.getMessage())
                    .toJson());
            return JSPromise.resolve(null);
        }
    }

    private static EdgeApp app(Env env) {
        if (app == null) {
            EdgeConfig config = EdgeConfig.from(name -> Env.var(env, name));
            app = new EdgeApp(
                    config,
                    Env.kv(env, "FIELD_KV"),
                    new EdgeRateLimits(env),
                    StaticAssets.of(env, "ASSETS"),
                    AnalyticsEngine.of(env, "EDGE_METRICS"),
                    new ArtifactRoutes(
                            R2Bucket.of(env, "ARTIFACTS"),
                            name -> Env.var(env, name),
                            config.clientBodyTimeoutMillis()));
        }
        return app;
    }

    /**
     * The Durable Object {@code FieldHub}'s constructor, under {@code blockConcurrencyWhile}: rebuilds the hub from
     * storage. Its {@code send}s and key checks go through {@link #handleFetch}, the edge's own request path.
     */
    @JSExport
    public static JSPromise<JSObject> hubLoad(DurableObjectState state, Env env) {
        EdgeConfig config = EdgeConfig.from(name -> Env.var(env, name));
        hub = new FieldHub(
                state,
                Env.kv(env, "FIELD_KV"),
                HubLimits.from(name -> Env.var(env, name)),
                new PausePolicy(config.pause()),
                request -> handleFetch(request, env, state),
                AnalyticsEngine.of(env, "EDGE_METRICS"));
        // the configured origins name the council's regions until a snapshot or KV lends the field's own
        hub.seedOrigins(config.fallbackOrigins());
        return hub.load();
    }

    @JSExport
    public static JSPromise<Response> hubFetch(DurableObjectState state, Request request) {
        return hub.fetch(request).catchError(EdgeWorker::internalError);
    }

    @JSExport
    public static JSPromise<JSObject> hubMessage(DurableObjectState state, WebSocket socket, JSObject message) {
        return hub.message(socket, message);
    }

    @JSExport
    public static void hubClose(DurableObjectState state, WebSocket socket) {
        hub.closed(socket);
    }

    @JSExport
    public static JSPromise<JSObject> hubAlarm(DurableObjectState state) {
        return hub.alarm();
    }

    private static Response internalError(Object error) {
        String reason = error instanceof Throwable failure ? failure.toString() : Fetch.describe(error);
        WorkerRuntime.log(LogLine.error("edge failed").with("reason", reason).toJson());
        return json(500, ResponseBodies.error("edge_internal", "the edge failed to handle this request"));
    }

    private static Response json(int status, String body) {
        Headers headers = Headers.create();
        headers.set("content-type", "application/json; charset=utf-8");
        return Response.create(body, status, headers);
    }
}

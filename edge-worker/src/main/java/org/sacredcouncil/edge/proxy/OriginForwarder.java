package org.sacredcouncil.edge.proxy;

import java.util.function.Function;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.core.routing.RoutePlan;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.platform.Fetch;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.core.JSPromise;

/**
 * Sends an {@link Outbound} along a {@link RoutePlan}: the first origin, then, for a retryable request
 * whose first attempt failed (5xx, timeout, unreachable), the next one. Every outcome is recorded in the
 * {@link OriginObservations}, which drives passive ejection.
 *
 * <p>The origin's response (headers mutable, {@code X-Edge-Origin} set), or null when no origin answered at
 * all, goes through the caller's {@code finish}; origin failures never reject the promise.
 */
public final class OriginForwarder {

    private final OriginObservations observations;
    private final int timeoutMillis;

    public OriginForwarder(OriginObservations observations, int timeoutMillis) {
        this.observations = observations;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param finish turns the origin's response (or null when none answered) into what the caller wants;
     *               applied inside the same callback, so the hot path has one promise hop per attempt
     */
    public JSPromise<Response> forward(Outbound out, RoutePlan plan, Function<Response, Response> finish) {
        if (plan.isEmpty()) {
            return JSPromise.resolve(finish.apply(null));
        }
        return attempt(out, plan, 0, finish);
    }

    private JSPromise<Response> attempt(Outbound out, RoutePlan plan, int index, Function<Response, Response> finish) {
        Origin origin = plan.origins().get(index);
        Origin next = out.retryable() ? plan.retryAfter(index) : null;
        observations.requestStarted(origin.id());
        long start = now();
        return Fetch.send(out.target().on(origin.url()), out.method(), out.headers(), out.body(), timeoutMillis)
                .flatThen(response -> {
                    long end = now();
                    int status = response.getStatus();
                    if (RetryPolicy.isOriginFailure(status)) {
                        failed(origin, end - start, end, "status " + status);
                        if (next != null) {
                            Response.discard(response);
                            return attempt(out, plan, index + 1, finish);
                        }
                    } else {
                        observations.requestSucceeded(origin.id(), end - start, end);
                    }
                    Response relayed = Response.relay(response);
                    relayed.getHeaders().set(EdgeHeaders.EDGE_ORIGIN, origin.id());
                    return JSPromise.resolve(finish.apply(relayed));
                }, error -> {
                    long end = now();
                    failed(origin, end - start, end, Fetch.describe(error));
                    return next != null ? attempt(out, plan, index + 1, finish) : JSPromise.resolve(finish.apply(null));
                });
    }

    private void failed(Origin origin, long latency, long now, String why) {
        boolean ejected = observations.requestFailed(origin.id(), latency, now);
        WorkerRuntime.log(LogLine.warning(ejected ? "origin ejected" : "origin failed")
                .with("origin", origin.id()).with("reason", why).with("latencyMs", latency)
                .with("ejectedUntil", ejected ? observations.of(origin.id()).ejectedUntilMillis() : 0).toJson());
    }

    private static long now() {
        return (long) WorkerRuntime.nowMillis();
    }
}

package org.sacredcouncil.edge.proxy;

import java.util.function.Function;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.core.routing.RetryBudget;
import org.sacredcouncil.core.routing.RoutePlan;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.http.ResponseBodies;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.metrics.EdgeMetrics;
import org.sacredcouncil.edge.platform.Fetch;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.sacredcouncil.edge.signing.RequestSigner;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * Sends an {@link Outbound} along a {@link RoutePlan}: the first origin and, for a retryable request whose
 * attempt failed through the origin's own fault ({@link OriginFault}, a timeout, unreachable), at most one
 * more on the next origin — when the request's deadline leaves time and the {@link RetryBudget} has room
 * (docs/contracts.md#edge-config: {@code REQUEST_DEADLINE_MS}, {@code RETRY_BUDGET_PERCENT}). Only origin faults
 * are recorded as failures in the {@link OriginObservations}, which drive passive ejection.
 *
 * <p>The origin's response (headers mutable, {@code X-Edge-Origin} set, {@code Server}/{@code X-Powered-By}/
 * {@code X-Origin-Fault} removed, a non-JSON error body replaced by the JSON error shape), or null when no
 * origin answered at all, goes through the caller's {@code finish}; origin failures never reject the promise.
 */
public final class OriginForwarder {

    /** One attempt and one retry on another origin, as the README promises. */
    public static final int MAX_ATTEMPTS = 2;

    private final OriginObservations observations;
    private final RetryBudget budget;
    private final RequestSigner signer;
    private final int timeoutMillis;
    private final int deadlineMillis;
    private final EdgeMetrics metrics;

    public OriginForwarder(
            OriginObservations observations,
            RetryBudget budget,
            RequestSigner signer,
            int timeoutMillis,
            int deadlineMillis,
            EdgeMetrics metrics) {
        this.metrics = metrics;
        this.observations = observations;
        this.budget = budget;
        this.signer = signer;
        this.timeoutMillis = timeoutMillis;
        this.deadlineMillis = deadlineMillis;
    }

    /**
     * @param finish turns the origin's response (or null when none answered) into what the caller wants;
     *               applied inside the same callback, so the hot path has one promise hop per attempt
     */
    public JSPromise<Response> forward(Outbound out, RoutePlan plan, Function<Response, Response> finish) {
        if (plan.isEmpty()) {
            return JSPromise.resolve(finish.apply(null));
        }
        double now = WorkerRuntime.nowMillis();
        budget.requestStarted((long) now);
        return attempt(out, plan, 0, now + deadlineMillis, finish);
    }

    private JSPromise<Response> attempt(
            Outbound out, RoutePlan plan, int index, double deadline, Function<Response, Response> finish) {
        return new Attempt(out, plan, index, deadline, finish).send();
    }

    /**
     * One attempt on one origin. Its callbacks are methods of this object rather than nested lambdas: under
     * TeaVM every captured variable of a lambda becomes a field of a generated class, which cost the bundle
     * kilobytes.
     */
    private final class Attempt {
        private final Outbound out;
        private final RoutePlan plan;
        private final int index;
        private final double deadline;
        private final Function<Response, Response> finish;
        private final Origin origin;
        private double start;
        private Response response;

        Attempt(Outbound out, RoutePlan plan, int index, double deadline, Function<Response, Response> finish) {
            this.out = out;
            this.plan = plan;
            this.index = index;
            this.deadline = deadline;
            this.finish = finish;
            this.origin = plan.origins().get(index);
        }

        JSPromise<Response> send() {
            observations.requestStarted(origin.id());
            start = WorkerRuntime.nowMillis();
            int timeout = (int) Math.max(1, Math.min(timeoutMillis, deadline - start));
            return signer.send(out, origin.url(), timeout).flatThen(this::answered, this::unanswered);
        }

        private JSPromise<Response> answered(Response answer) {
            response = answer;
            if (!OriginFault.needsBody(answer.getStatus(), answer.getHeaders().get(EdgeHeaders.CONTENT_TYPE))) {
                succeeded(origin, start);
                return JSPromise.resolve(finish.apply(toClient(Response.relay(answer), origin)));
            }
            return answer.text().flatThen(this::read, this::unanswered);
        }

        private JSPromise<Response> read(JSString text) {
            String body = text.stringValue();
            int status = response.getStatus();
            Headers headers = response.getHeaders();
            if (OriginFault.isFault(
                    status, headers.get(OriginFault.HEADER), headers.get(EdgeHeaders.SACRED_PAUSE_DURATION), body)) {
                failed(origin, start, "status " + status);
                if (mayRetry(out, plan, index, deadline)) {
                    return attempt(out, plan, index + 1, deadline, finish);
                }
            } else {
                succeeded(origin, start);
            }
            return JSPromise.resolve(finish.apply(toClient(rebuilt(response, status, body), origin)));
        }

        private JSPromise<Response> unanswered(Object error) {
            failed(origin, start, Fetch.describe(error));
            return mayRetry(out, plan, index, deadline)
                    ? attempt(out, plan, index + 1, deadline, finish)
                    : JSPromise.resolve(finish.apply(null));
        }
    }

    private boolean mayRetry(Outbound out, RoutePlan plan, int index, double deadline) {
        if (!out.retryable()
                || index + 1 >= MAX_ATTEMPTS
                || index + 1 >= plan.origins().size()) {
            return false;
        }
        double now = WorkerRuntime.nowMillis();
        return deadline - now >= 1 && budget.tryRetry((long) now);
    }

    /** The answer with its body read: kept when it is a JSON error, else replaced by one (docs/contracts.md#errors). */
    private static Response rebuilt(Response response, int status, String body) {
        Headers headers = Headers.copyOf(response.getHeaders());
        // the text is decoded: the origin's length (of its possibly compressed bytes) no longer applies
        headers.delete("content-length");
        if (OriginFault.isErrorShape(body)) {
            return Response.create(body, status, headers);
        }
        headers.set(EdgeHeaders.CONTENT_TYPE, EdgeHeaders.JSON);
        return Response.create(
                ResponseBodies.error(
                        OriginFault.codeFor(status), "the origin answered " + status + " without a JSON error"),
                status,
                headers);
    }

    /** Headers that describe the origin's software or its faults, or a CORS policy other than the edge's. */
    private static Response toClient(Response response, Origin origin) {
        Headers headers = response.getHeaders();
        headers.delete("server");
        headers.delete("x-powered-by");
        headers.delete(OriginFault.HEADER);
        headers.delete("access-control-allow-origin");
        headers.delete("access-control-allow-credentials");
        headers.set(EdgeHeaders.EDGE_ORIGIN, origin.id());
        return response;
    }

    private void succeeded(Origin origin, double start) {
        long end = (long) WorkerRuntime.nowMillis();
        observations.requestSucceeded(origin.id(), end - (long) start, end);
    }

    private void failed(Origin origin, double start, String why) {
        long end = (long) WorkerRuntime.nowMillis();
        long latency = end - (long) start;
        boolean ejected = observations.requestFailed(origin.id(), latency, end);
        if (ejected) {
            metrics.ejected();
        }
        WorkerRuntime.log(LogLine.warning(ejected ? "origin ejected" : "origin failed")
                .with("origin", origin.id())
                .with("reason", why)
                .with("latencyMs", latency)
                .with("ejectedUntil", ejected ? observations.of(origin.id()).ejectedUntilMillis() : 0)
                .toJson());
    }
}

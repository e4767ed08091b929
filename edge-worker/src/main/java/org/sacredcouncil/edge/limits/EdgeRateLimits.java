package org.sacredcouncil.edge.limits;

import org.sacredcouncil.edge.platform.Env;
import org.sacredcouncil.edge.platform.RateLimiter;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;

/**
 * The Rate Limiting bindings, one per {@link RequestKind},, looked up once per isolate. A missing binding means no limit of that kind
 * (local tests that do not bind it); the limit keys are the client IP and the hashed API key
 * ({@link RateLimiter#allows}).
 */
public final class EdgeRateLimits {

    private final RateLimiter[] byKind = new RateLimiter[RequestKind.BINDINGS.length];

    public EdgeRateLimits(Env env) {
        for (int kind = 0; kind < byKind.length; kind++) {
            byKind[kind] = RateLimiter.of(env, RequestKind.binding(kind));
        }
    }

    /** Null when the kind has no binding (nothing to wait for), else whether the request is within its budgets. */
    /** @param kind one of {@link RequestKind}'s constants */
    public JSPromise<JSBoolean> check(int kind, String clientIp, String authorization) {
        RateLimiter limiter = byKind[kind];
        return limiter == null
                ? null
                : RateLimiter.allows(limiter, clientIp == null ? "unknown" : clientIp, authorization);
    }
}

package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;

/** A Cloudflare Rate Limiting binding ({@code env.X.limit({key})}). */
public abstract class RateLimiter implements JSObject {

    /** The binding, or null when it is not bound. */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return v && typeof v.limit === 'function' ? v : null;")
    public static native RateLimiter of(Env env, String name);

    /**
     * Counts one request against {@code ip:<clientIp>} and, when {@code authorization} is a bearer key,
     * against {@code key:<first 16 hex of SHA-256 of the key>} too (docs/contracts.md#rate-limits); resolves
     * true while both are within their budget. A failing binding resolves true: the limit fails open rather
     * than failing every client.
     */
    @JSBody(
            params = {"limiter", "clientIp", "authorization"},
            script = ""
                    + "var checks = [limiter.limit({key: 'ip:' + clientIp})];"
                    + "var bearer = authorization ? /^Bearer\\s+(\\S+)\\s*$/i.exec(authorization) : null;"
                    + "if (bearer) { checks.push(crypto.subtle.digest('SHA-256', new TextEncoder().encode(bearer[1]))"
                    + " .then(function (digest) { var digestBytes = new Uint8Array(digest), hex = '';"
                    + "  for (var at = 0; at < 8; at++) { hex += (digestBytes[at] < 16 ? '0' : '') + digestBytes[at].toString(16); }"
                    + "  return limiter.limit({key: 'key:' + hex}); })); }"
                    + "return Promise.all(checks).then(function (outcomes) {"
                    + "  for (var at = 0; at < outcomes.length; at++) { if (!outcomes[at].success) { return false; } }"
                    + "  return true; },"
                    + " function (failure) { console.log(JSON.stringify({severity: 'WARNING',"
                    + " message: 'rate limit binding failed', reason: String(failure)})); return true; });")
    public static native JSPromise<JSBoolean> allows(RateLimiter limiter, String clientIp, String authorization);
}

package org.sacredcouncil.edge.http;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.edge.config.ConfigException;
import org.sacredcouncil.edge.platform.Headers;

/**
 * The edge's CORS policy (docs/contracts.md#edge-config, {@code CORS_ALLOWED_ORIGINS}): browsers on the listed
 * origins, compared exactly, may call the API; preflights are answered here and never reach an origin. The
 * allowed origin is echoed, never {@code *}, and {@code Access-Control-Allow-Credentials} is never sent: the
 * API authenticates by a bearer key in {@code Authorization}, not by cookies, so no browser credentials are
 * ever needed. An origin's own CORS headers are removed ({@code OriginForwarder}), so this is the one policy.
 */
public final class CorsPolicy {

    public static final CorsPolicy NONE = new CorsPolicy(List.of());

    static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "authorization, content-type, idempotency-key, if-none-match, "
            + "x-request-id, x-sacred-pause, traceparent";
    static final String EXPOSE_HEADERS = "etag, retry-after, x-sacred-pause-duration, x-sacred-blessing, "
            + "x-field-version, x-field-coherence, x-field-cache, x-edge-arrival, x-edge-origin, x-request-id";

    private final List<String> allowed;

    private CorsPolicy(List<String> allowed) {
        this.allowed = allowed;
    }

    /** Comma-separated exact origins ({@code scheme://host[:port]}); empty or unset: no cross-origin access. */
    public static CorsPolicy parse(String value) {
        if (value == null || value.trim().isEmpty()) {
            return NONE;
        }
        List<String> origins = new ArrayList<>();
        // indexOf rather than String.split: split pulls TeaVM's regex engine into the bundle
        for (int start = 0; start <= value.length(); ) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            String origin = value.substring(start, end).trim();
            start = end + 1;
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*")) {
                throw new ConfigException("CORS_ALLOWED_ORIGINS: list exact origins; '*' is not allowed");
            }
            int scheme = origin.indexOf("://");
            if (!(origin.startsWith("https://") || origin.startsWith("http://"))
                    || origin.indexOf('/', scheme + 3) >= 0
                    || origin.length() == scheme + 3) {
                throw new ConfigException(
                        "CORS_ALLOWED_ORIGINS: '" + origin + "' is not an origin (scheme://host[:port], no path)");
            }
            origins.add(origin);
        }
        return new CorsPolicy(List.copyOf(origins));
    }

    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        // a loop over String.equals, not List.contains: the virtual equals pulls every collection's equals into
        // the bundle
        for (int i = 0; i < allowed.size(); i++) {
            if (allowed.get(i).equals(origin)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isPreflight(String method, Headers headers) {
        return method.equals("OPTIONS")
                && headers.get("origin") != null
                && headers.get("access-control-request-method") != null;
    }

    /** Headers of a successful preflight from an allowed origin. */
    public static void preflight(Headers headers, String origin) {
        headers.set("access-control-allow-origin", origin);
        headers.set("access-control-allow-methods", ALLOW_METHODS);
        headers.set("access-control-allow-headers", ALLOW_HEADERS);
        headers.set("access-control-max-age", "600");
        headers.append("vary", "Origin");
    }

    /** Headers of an actual response to a request from an allowed origin. */
    public static void actual(Headers headers, String origin) {
        headers.set("access-control-allow-origin", origin);
        headers.set("access-control-expose-headers", EXPOSE_HEADERS);
        headers.append("vary", "Origin");
    }
}

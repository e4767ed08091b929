package org.sacredcouncil.functions.heart;

import com.google.cloud.functions.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.RequestBody;

/**
 * One request as heart received it: the raw request target (byte for byte, from {@code /v1/} on — a
 * prefix the platform mounts heart under is dropped), the route (its path part, what heart dispatches on,
 * so that routing and the edge signature see the same bytes; docs/contracts.md#edge-signature) and the
 * whole body, read once.
 */
final class IncomingRequest {

    private final HttpRequest http;
    private final String method;
    private final String target;
    private final String route;
    private final byte[] body;
    /** A derived request's own query parameters (null: the HTTP request's); see {@link #derived}. */
    private final Map<String, List<String>> derivedQuery;
    /** A derived request's content type (its body is always JSON that heart wrote); null: the HTTP request's. */
    private final String derivedContentType;
    /** "METHOD /v1/pattern" once routing matched an endpoint: the telemetry's method label (a closed set). */
    private String endpoint = UNMATCHED;

    static final String UNMATCHED = "unmatched";

    private static final String GRAPHQL_PREFIX = "/v1/graphql";
    /** docs/graphql.md#http: a GraphQL body is at most 64 KiB (its document at most 16 KiB). */
    static final int GRAPHQL_MAX_BODY_BYTES = 64 * 1024;

    private IncomingRequest(HttpRequest http, String target, byte[] body) {
        this(http, http.getMethod(), target, body, null, null);
    }

    private IncomingRequest(
            HttpRequest http,
            String method,
            String target,
            byte[] body,
            Map<String, List<String>> derivedQuery,
            String derivedContentType) {
        this.http = http;
        this.method = method;
        this.target = target;
        int q = target.indexOf('?');
        this.route = q < 0 ? target : target.substring(0, q);
        this.body = body;
        this.derivedQuery = derivedQuery;
        this.derivedContentType = derivedContentType;
    }

    /**
     * The REST request a GraphQL field stands for (docs/graphql.md#where): another method, target and JSON body,
     * with this request's headers ({@code Authorization}, {@code Idempotency-Key}, …), so that the REST handler
     * runs exactly as for a client's own REST call. {@code target}'s query values are percent-encoded UTF-8.
     */
    IncomingRequest derived(String method, String target, String jsonBody) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        int q = target.indexOf('?');
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        byte[] bytes = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        return new IncomingRequest(http, method, target, bytes, query, "application/json");
    }

    void matched(String endpoint) {
        this.endpoint = endpoint;
    }

    String endpoint() {
        return endpoint;
    }

    /** Parses the target (404 without {@code /v1/}) and reads the body (413/400 on the client's failure). */
    static IncomingRequest read(HttpRequest http) {
        String target = v1Target(http.getUri());
        if (target == null) {
            throw new ApiError(404, "not_found", null, "no such endpoint");
        }
        // GraphQL documents get a bigger body than the REST writes (docs/graphql.md#http)
        int max = target.startsWith(GRAPHQL_PREFIX) ? GRAPHQL_MAX_BODY_BYTES : RequestBody.MAX_BYTES;
        return new IncomingRequest(http, target, RequestBody.read(http, max));
    }

    /**
     * The request target from {@code /v1/} on, as the client sent it. The invoker's {@code getUri()} is
     * {@code scheme://authority} + the raw target; {@code getPath()} is decoded and normalised
     * ({@code ;params} dropped, {@code %63} decoded), which is what made edge and heart disagree.
     */
    static String v1Target(String uri) {
        if (uri == null) {
            return null;
        }
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme >= 0 && scheme < uri.indexOf('/') + 1) {
            start = uri.indexOf('/', scheme + 3);
            if (start < 0) {
                return null;
            }
        }
        String raw = uri.substring(start);
        int q = raw.indexOf('?');
        int v1 = raw.indexOf("/v1/");
        if (v1 < 0 || (q >= 0 && v1 > q)) {
            return null;
        }
        return raw.substring(v1);
    }

    /**
     * A query parameter's first value; null when absent or empty.
     *
     * @throws ApiError 400 naming {@code query:<name>} for a value that is not a clean label, or {@code query}
     *     for a malformed query string
     */
    String query(String name) {
        String value = rawQuery(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        ApiError.requireCleanLabel("query:" + name, value);
        return value;
    }

    /**
     * A query parameter's first value as sent, null when absent: for GraphQL's {@code query} and
     * {@code variables}, which are documents (newlines and all), checked by the GraphQL endpoint instead.
     */
    String rawQuery(String name) {
        List<String> values;
        try {
            values = derivedQuery != null
                    ? derivedQuery.get(name)
                    : http.getQueryParameters().get(name);
        } catch (RuntimeException e) {
            // The invoker decodes the whole query lazily and throws its server's own exception type (Jetty's
            // BadMessageException) on bad percent-encoding: the client's fault, not ours.
            throw ApiError.invalid("query", "malformed query string (bad percent-encoding)");
        }
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    HttpRequest http() {
        return http;
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    String route() {
        return route;
    }

    byte[] body() {
        return body;
    }

    Optional<String> header(String name) {
        return http.getFirstHeader(name);
    }

    String contentType() {
        return derivedContentType != null
                ? derivedContentType
                : http.getContentType().orElse(null);
    }
}

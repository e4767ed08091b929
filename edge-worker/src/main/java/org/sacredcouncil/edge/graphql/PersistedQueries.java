package org.sacredcouncil.edge.graphql;

import java.util.function.Supplier;
import org.sacredcouncil.core.text.AsciiCase;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.platform.EdgeCache;
import org.sacredcouncil.edge.platform.ExecutionContext;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.teavm.jso.core.JSPromise;

/**
 * The edge cache of persisted GraphQL reads (docs/graphql.md#persisted): a {@code GET /v1/graphql} whose {@code
 * extensions} carry a {@code persistedQuery} and that has no {@code Authorization} is looked up in the Cache API
 * (key: the full URL) before any origin, so a hit is neither routed nor rate limited; a miss goes the proxy path and
 * a {@code 200} heart marked {@code public, max-age=N} (N ≤ 60) is stored for N seconds.
 */
public final class PersistedQueries {

    public static final String HEADER = "x-graphql-cache";
    /** The longest the edge keeps an answer, whatever heart says. */
    static final int MAX_SECONDS = 60;

    private PersistedQueries() {}

    /** @param query the URL's query, with its "?" */
    public static boolean cacheable(String method, String path, String query, Headers headers) {
        if (!method.equals("GET") || !path.equals(GraphqlRequests.PATH) || headers.get("authorization") != null) {
            return false;
        }
        // a mention is enough: what is stored is decided by heart's answer (public, max-age), and heart marks only a
        // persisted query's read public
        String extensions = query.isEmpty() ? null : Request.queryParam(query, "extensions");
        return extensions != null && extensions.indexOf("\"persistedQuery\"") >= 0;
    }

    /**
     * @param origin the proxy path (rate limit, routing, pause, origin)
     * @param edge   the headers of a stored answer served as the edge's own (the field headers of this request)
     */
    public static JSPromise<Response> serve(
            String url, ExecutionContext ctx, Supplier<JSPromise<Response>> origin, Headers edge) {
        return EdgeCache.match(url).flatThen(stored -> {
            if (stored != null) {
                Response answer = Response.relay(stored);
                edge.set(EdgeHeaders.EDGE_ORIGIN, "edge");
                edge.set(HEADER, "hit");
                for (String name : Headers.names(edge)) {
                    answer.getHeaders().set(name, edge.get(name));
                }
                return JSPromise.resolve(answer);
            }
            return origin.get().then(answer -> {
                if (answer.getStatus() == 200
                        && publicMaxAge(answer.getHeaders().get("cache-control")) > 0) {
                    ctx.waitUntil(EdgeCache.put(url, answer));
                }
                answer.getHeaders().set(HEADER, "miss");
                return answer;
            });
        });
    }

    /** N of {@code public, max-age=N} when 1 ≤ N ≤ {@link #MAX_SECONDS}, else 0 (not stored). */
    static int publicMaxAge(String cacheControl) {
        if (cacheControl == null) {
            return 0;
        }
        String value = AsciiCase.lower(cacheControl);
        int at = value.indexOf("max-age=");
        if (value.indexOf("public") < 0 || value.indexOf("private") >= 0 || value.indexOf("no-store") >= 0 || at < 0) {
            return 0;
        }
        int seconds = 0;
        for (int i = at + 8; i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9'; i++) {
            seconds = seconds * 10 + (value.charAt(i) - '0');
            if (seconds > MAX_SECONDS) {
                return 0;
            }
        }
        return seconds;
    }
}

package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * The data centre's Cache API ({@code caches.default}), keyed by URL: the edge keeps persisted GraphQL reads there
 * (docs/graphql.md#persisted). The runtime honours the stored answer's own {@code Cache-Control} for its lifetime.
 */
public final class EdgeCache {

    private EdgeCache() {}

    /** The stored answer for {@code url}, or null; a cache that fails reads as a miss. */
    @JSBody(
            params = "url",
            script = "return caches.default.match(url).then(function (hit) { return hit || null; },"
                    + " function () { return null; });")
    public static native JSPromise<Response> match(String url);

    /** Stores a copy of {@code response} (its body is teed: the original still goes to the client). */
    @JSBody(
            params = {"url", "response"},
            script = "return caches.default.put(url, response.clone()).catch(function () { return null; });")
    public static native JSPromise<JSObject> put(String url, Response response);
}

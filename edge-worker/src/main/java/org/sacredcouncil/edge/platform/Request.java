package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** An incoming request. Its body is a stream that can be read once. */
public abstract class Request implements JSObject {

    @JSProperty
    public abstract String getMethod();

    /** The absolute URL as the client sent it. */
    @JSProperty
    public abstract String getUrl();

    @JSProperty
    public abstract Headers getHeaders();

    /** Whether the request has a body stream (read it with {@link ClientBody#read}). */
    @JSBody(params = "r", script = "return r.body !== null && r.body !== undefined;")
    public static native boolean hasBody(Request request);

    public abstract JSPromise<ArrayBuffer> arrayBuffer();

    /** The body as text (a request the Worker built, already bounded). */
    public abstract JSPromise<org.teavm.jso.core.JSString> text();

    /** The path of the URL (no query). */
    @JSBody(params = "r", script = "return new URL(r.url).pathname;")
    public static native String pathOf(Request request);

    /** The first value of a query parameter, decoded; null when absent. */
    @JSBody(
            params = {"r", "name"},
            script = "return new URL(r.url).searchParams.get(name);")
    public static native String queryParam(Request request, String name);

    /** {@code scheme://host} of the URL. */
    @JSBody(params = "r", script = "return new URL(r.url).origin;")
    public static native String originOf(Request request);

    /** {@code request.cf.continent} (AF, AN, AS, EU, NA, OC, SA), or "" when the runtime does not say. */
    @JSBody(params = "r", script = "return r.cf && typeof r.cf.continent === 'string' ? r.cf.continent : '';")
    public static native String continentOf(Request request);

    /** A query parameter, decoded, or null ({@code query} as the URL carries it, with or without its "?"). */
    @JSBody(
            params = {"query", "name"},
            script = "return new URLSearchParams(query).get(name);")
    public static native String queryParam(String query, String name);
}

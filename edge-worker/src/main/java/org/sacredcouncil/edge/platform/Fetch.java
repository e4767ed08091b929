package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** Outbound {@code fetch} to an origin. */
public final class Fetch {

    private Fetch() {
    }

    /**
     * Sends a request with a deadline. Redirects are returned to the client rather than followed, and the
     * body (a stream, an ArrayBuffer, or null) is passed as is.
     */
    @JSBody(params = {"url", "method", "headers", "body", "timeoutMillis"},
            script = "return fetch(url, {method: method, headers: headers, body: body, redirect: 'manual',"
                    + " signal: AbortSignal.timeout(timeoutMillis)});")
    public static native JSPromise<Response> send(String url, String method, Headers headers, JSObject body,
                                                  int timeoutMillis);

    /** A short description of a rejection reason (an Error, a DOMException such as TimeoutError, or anything). */
    @JSBody(params = "e", script = "return e && e.name ? e.name + ': ' + e.message : String(e);")
    public static native String describe(Object error);
}

package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/** Outbound {@code fetch} to an origin. */
public final class Fetch {

    private Fetch() {}

    /**
     * Sends a request with a deadline. Redirects are returned to the client rather than followed, and the
     * body (a stream, an ArrayBuffer, or null) is passed as is.
     */
    @JSBody(
            params = {"url", "method", "headers", "body", "timeoutMillis"},
            script = "return fetch(url, {method: method, headers: headers, body: body, redirect: 'manual',"
                    + " signal: AbortSignal.timeout(timeoutMillis)});")
    public static native JSPromise<Response> send(
            String url, String method, Headers headers, JSObject body, int timeoutMillis);

    /**
     * Signs and sends in one script. Locals in these scripts have long names on purpose: TeaVM's minifier
     * renames parameters to single letters without looking at the script's own locals (an inner {@code i}
     * once took the place of {@code method}).
     *
     * <p>Signs and sends in one script (no Java callback between: each costs a functor and wrapped values):
     * once the HMAC key and the body digest are ready, sends a copy of {@code headers} with {@code header} set
     * to {@code prefix} + lowercase hex of HMAC-SHA256(key, UTF-8 of {@code before + digest + after}), as
     * {@link #send} does. {@code headers} itself is left as it was: a retry signs its own copy again.
     */
    @JSBody(
            params = {
                "key",
                "digest",
                "before",
                "after",
                "header",
                "prefix",
                "url",
                "method",
                "headers",
                "body",
                "timeoutMillis"
            },
            script = "return Promise.all([key, digest]).then(function (keyAndDigest) {"
                    + " return crypto.subtle.sign('HMAC', keyAndDigest[0],"
                    + " new TextEncoder().encode(before + keyAndDigest[1] + after)); })"
                    + ".then(function (mac) { var macBytes = new Uint8Array(mac), hex = '';"
                    + " for (var at = 0; at < macBytes.length; at++) {"
                    + " hex += (macBytes[at] < 16 ? '0' : '') + macBytes[at].toString(16); }"
                    + " var signedHeaders = new Headers(headers); signedHeaders.set(header, prefix + hex);"
                    + " return fetch(url, {method: method, headers: signedHeaders, body: body, redirect: 'manual',"
                    + " signal: AbortSignal.timeout(timeoutMillis)}); });")
    public static native JSPromise<Response> signedSend(
            JSPromise<HmacKey> key,
            JSPromise<JSString> digest,
            String before,
            String after,
            String header,
            String prefix,
            String url,
            String method,
            Headers headers,
            JSObject body,
            int timeoutMillis);

    /** A short description of a rejection reason (an Error, a DOMException such as TimeoutError, or anything). */
    @JSBody(params = "e", script = "return e && e.name ? e.name + ': ' + e.message : String(e);")
    public static native String describe(Object error);
}

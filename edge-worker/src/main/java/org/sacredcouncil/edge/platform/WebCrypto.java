package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** HMAC-SHA256 through {@code crypto.subtle}: TeaVM has no {@code javax.crypto} or MessageDigest. */
public final class WebCrypto {

    private WebCrypto() {
    }

    /** Imports the secret once; the key object is reused for every signature. */
    @JSBody(params = "secret", script = "return crypto.subtle.importKey('raw', new TextEncoder().encode(secret),"
            + " {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);")
    public static native JSPromise<JSObject> importHmacKey(String secret);

    /**
     * Sets {@code header} to {@code prefix + lowercase hex of HMAC-SHA256(key, UTF-8 of message)} once the
     * key is imported, and resolves with the headers. One script, no Java callback: every Java lambda in a
     * promise chain costs a functor and a wrapped value per request.
     */
    @JSBody(params = {"key", "message", "headers", "header", "prefix"},
            script = "return key.then(function (k) { return crypto.subtle.sign('HMAC', k, new TextEncoder().encode(message)); })"
            + ".then(function (b) { var a = new Uint8Array(b), s = '';"
            + " for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? '0' : '') + a[i].toString(16); }"
            + " headers.set(header, prefix + s); return headers; });")
    public static native JSPromise<Headers> signInto(JSPromise<JSObject> key, String message, Headers headers,
                                                     String header, String prefix);

    @JSBody(script = "return crypto.randomUUID();")
    public static native String randomUuid();

    /**
     * 48 random hex digits: a trace id (32) and a span id (16) from one {@code getRandomValues} call — a
     * call per id cost a measurable share of a proxied request.
     */
    public static String randomHex48() {
        return randomHex(24);
    }

    @JSBody(params = "bytes", script = "var a = crypto.getRandomValues(new Uint8Array(bytes)), s = '';"
            + " for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? '0' : '') + a[i].toString(16); } return s;")
    private static native String randomHex(int bytes);
}

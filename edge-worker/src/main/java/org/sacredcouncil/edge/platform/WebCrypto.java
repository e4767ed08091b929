package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * SHA-256, HMAC-SHA256 and randomness through WebCrypto: TeaVM has no {@code javax.crypto} or MessageDigest.
 */
public final class WebCrypto {

    private WebCrypto() {}

    /** Imports the secret once; the key object is reused for every signature. */
    @JSBody(
            params = "secret",
            script = "return crypto.subtle.importKey('raw', new TextEncoder().encode(secret),"
                    + " {name: 'HMAC', hash: 'SHA-256'}, false, ['sign']);")
    public static native JSPromise<HmacKey> importHmacKey(String secret);

    /** Lowercase hex HMAC-SHA256(secret, UTF-8 of text): one script, as {@link Fetch#signedSend} signs. */
    @JSBody(
            params = {"secret", "text"},
            script = "var encoder = new TextEncoder();"
                    + " return crypto.subtle.importKey('raw', encoder.encode(secret), {name: 'HMAC', hash: 'SHA-256'}, false,"
                    + " ['sign']).then(function (hmacKey) { return crypto.subtle.sign('HMAC', hmacKey, encoder.encode(text)); })"
                    + ".then(function (mac) { var macBytes = new Uint8Array(mac), hex = '';"
                    + " for (var at = 0; at < macBytes.length; at++) {"
                    + " hex += (macBytes[at] < 16 ? '0' : '') + macBytes[at].toString(16); } return hex; });")
    public static native JSPromise<JSString> hmacSha256Hex(String secret, String text);

    /** Lowercase hex SHA-256 of the bytes (an ArrayBuffer). */
    @JSBody(
            params = "bytes",
            script = "return crypto.subtle.digest('SHA-256', bytes).then(function (digest) {"
                    + " var digestBytes = new Uint8Array(digest), hex = '';"
                    + " for (var at = 0; at < digestBytes.length; at++) {"
                    + " hex += (digestBytes[at] < 16 ? '0' : '') + digestBytes[at].toString(16); } return hex; });")
    public static native JSPromise<JSString> sha256Hex(JSObject bytes);

    /** The UTF-8 bytes of {@code text}, for {@link #sha256Hex}. */
    @JSBody(params = "text", script = "return new TextEncoder().encode(text);")
    public static native JSObject utf8(String text);

    @JSBody(params = "text", script = "return Promise.resolve(text);")
    public static native JSPromise<JSString> resolved(String text);

    /** A signature nonce: base64url, no padding, of 16 bytes from {@code getRandomValues} (22 characters). */
    @JSBody(
            script = "var random = crypto.getRandomValues(new Uint8Array(16));"
                    + " return btoa(String.fromCharCode.apply(null, random)).replace(/\\+/g, '-').replace(/\\//g, '_')"
                    + ".replace(/=+$/, '');")
    public static native String nonce();

    @JSBody(script = "return crypto.randomUUID();")
    public static native String randomUuid();

    /**
     * 48 random hex digits: a trace id (32) and a span id (16) from one {@code getRandomValues} call — a
     * call per id cost a measurable share of a proxied request.
     */
    public static String randomHex48() {
        return randomHex(24);
    }

    @JSBody(
            params = "bytes",
            script =
                    "var a = crypto.getRandomValues(new Uint8Array(bytes)), s = '';"
                            + " for (var i = 0; i < a.length; i++) { s += (a[i] < 16 ? '0' : '') + a[i].toString(16); } return s;")
    private static native String randomHex(int bytes);
}

package org.sacredcouncil.edge.proxy;

import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.signing.EdgeSignature;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * A request on its way to an origin: stripped and decorated, with the client's whole body already held
 * (an ArrayBuffer, or null), so every attempt sends the same bytes and a timeout is the origin's own.
 * Each attempt is signed anew by {@link org.sacredcouncil.edge.signing.RequestSigner}.
 */
public final class Outbound {

    private final String method;
    private final RequestTarget target;
    private final Headers headers;
    private final JSObject body;
    private final boolean retryable;
    private final EdgeStamp stamp;
    private JSPromise<JSString> bodyDigest;

    public Outbound(String method, RequestTarget target, Headers headers, JSObject body, boolean retryable,
                    EdgeStamp stamp) {
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
        this.retryable = retryable;
        this.stamp = stamp;
    }

    public String method() {
        return method;
    }

    public RequestTarget target() {
        return target;
    }

    public Headers headers() {
        return headers;
    }

    public JSObject body() {
        return body;
    }

    public boolean retryable() {
        return retryable;
    }

    public EdgeStamp stamp() {
        return stamp;
    }

    /** Lowercase hex SHA-256 of the body, computed once for all attempts. */
    public JSPromise<JSString> bodyDigest() {
        if (bodyDigest == null) {
            bodyDigest = body == null ? WebCrypto.resolved(EdgeSignature.EMPTY_BODY_SHA256) : WebCrypto.sha256Hex(body);
        }
        return bodyDigest;
    }
}

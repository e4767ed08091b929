package org.sacredcouncil.edge.signing;

import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.proxy.EdgeStamp;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/**
 * Adds {@code X-Edge-Signature} to outbound headers. The HMAC key is imported once per isolate; without
 * {@code EDGE_SECRET} nothing is signed (heart then runs without the check, as in local development).
 */
public final class RequestSigner {

    private final String secret;
    private JSPromise<JSObject> key;

    public RequestSigner(String secret) {
        this.secret = secret;
    }

    public boolean enabled() {
        return secret != null;
    }

    public JSPromise<Headers> sign(Headers headers, String method, String pathAndQuery, EdgeStamp stamp) {
        if (secret == null) {
            return JSPromise.resolve(headers);
        }
        if (key == null) {
            key = WebCrypto.importHmacKey(secret);
        }
        String canonical = EdgeSignature.canonical(stamp.unixSeconds(), method, pathAndQuery, stamp.arrival(),
                stamp.fieldVersion(), stamp.fieldCoherence(), stamp.requestId());
        return WebCrypto.signInto(key, canonical, headers, EdgeHeaders.EDGE_SIGNATURE,
                EdgeSignature.headerPrefix(stamp.unixSeconds()));
    }
}

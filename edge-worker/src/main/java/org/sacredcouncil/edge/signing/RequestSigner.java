package org.sacredcouncil.edge.signing;

import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.platform.Fetch;
import org.sacredcouncil.edge.platform.HmacKey;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.sacredcouncil.edge.proxy.EdgeStamp;
import org.sacredcouncil.edge.proxy.Outbound;
import org.teavm.jso.core.JSPromise;

/**
 * Sends one attempt of an {@link Outbound} to an origin, signed with {@code X-Edge-Signature} v2 (docs/contracts.md#edge-signature):
 * the time of the attempt, a fresh nonce and the host of this origin, so a retry on another origin is signed
 * again. The HMAC key is imported once per isolate; without {@code EDGE_SECRET} nothing is signed (heart then
 * runs without the check, as in local development). The signature goes on the attempt's own copy of the
 * headers ({@link Fetch#signedSend}): the {@link Outbound} is never changed by sending it.
 */
public final class RequestSigner {

    private final String secret;
    private JSPromise<HmacKey> key;

    public RequestSigner(String secret) {
        this.secret = secret;
    }

    public boolean enabled() {
        return secret != null;
    }

    public JSPromise<Response> send(Outbound out, String originUrl, int timeoutMillis) {
        String url = out.target().on(originUrl);
        if (secret == null) {
            return Fetch.send(url, out.method(), out.headers(), out.body(), timeoutMillis);
        }
        if (key == null) {
            key = WebCrypto.importHmacKey(secret);
        }
        String t = WorkerRuntime.unixSecondsText(WorkerRuntime.nowMillis());
        String nonce = WebCrypto.nonce();
        EdgeStamp stamp = out.stamp();
        String before = EdgeSignature.beforeDigest(
                t,
                nonce,
                out.method(),
                EdgeSignature.hostOf(originUrl),
                out.target().pathAndQuery());
        String after = EdgeSignature.afterDigest(
                out.headers().get("authorization"),
                stamp.arrival(),
                stamp.fieldVersion(),
                stamp.fieldCoherence(),
                stamp.requestId());
        return Fetch.signedSend(
                key,
                out.bodyDigest(),
                before,
                after,
                EdgeHeaders.EDGE_SIGNATURE,
                EdgeSignature.headerPrefix(t, nonce),
                url,
                out.method(),
                out.headers(),
                out.body(),
                timeoutMillis);
    }
}

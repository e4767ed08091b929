package org.sacredcouncil.edge.proxy;

import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.http.EdgeRouter;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.signing.EdgeSignature;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A request on its way to an origin, built once and sent as it is by every attempt: the client's request
 * ({@link #proxied}) and the edge's own field fetch ({@link #fieldFetch}) are stamped by the same code and
 * signed and retried by the same {@link OriginForwarder}.
 *
 * <p>Invariant: after construction nothing mutates {@link #headers()} — an attempt that adds a header (the
 * signature, {@link org.sacredcouncil.edge.signing.RequestSigner}) sends its own copy, so a retry on another
 * origin starts from exactly the stamped headers. The body is the client's whole body already held (or null),
 * so every attempt sends the same bytes and a timeout is the origin's own.
 */
public final class Outbound {

    /** The path the edge fetches the field state from (docs/contracts.md). */
    public static final RequestTarget FIELD = new RequestTarget("/v1/field", "");

    private final String method;
    private final RequestTarget target;
    private final Headers headers;
    private final ArrayBuffer body;
    private final boolean retryable;
    private final EdgeStamp stamp;
    private JSPromise<JSString> bodyDigest;

    private Outbound(
            String method,
            RequestTarget target,
            Headers headers,
            ArrayBuffer body,
            boolean retryable,
            EdgeStamp stamp) {
        OriginHeaders.addEdgeHeaders(headers, stamp);
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
        this.retryable = retryable;
        this.stamp = stamp;
    }

    /**
     * A client's request: its headers less the reserved families, the edge's stamp, and the body for any
     * method but GET and HEAD (fetch refuses one there). Retryable only when replaying it is safe
     * ({@link RetryPolicy}), or when the caller knows the POST reads ({@code read}: a GraphQL query).
     */
    public static Outbound proxied(
            String method,
            RequestTarget target,
            Headers clientHeaders,
            ArrayBuffer body,
            EdgeStamp stamp,
            boolean read) {
        boolean retryable = read || RetryPolicy.retryable(method, clientHeaders.get(EdgeHeaders.IDEMPOTENCY_KEY));
        return new Outbound(
                method,
                target,
                OriginHeaders.fromClient(clientHeaders),
                EdgeRouter.isRead(method) ? null : body,
                retryable,
                stamp);
    }

    /** The edge's own {@code GET /v1/field}: a read, so always retryable. */
    public static Outbound fieldFetch(EdgeStamp stamp) {
        Headers headers = Headers.create();
        headers.set("accept", "application/json");
        return new Outbound("GET", FIELD, headers, null, true, stamp);
    }

    public String method() {
        return method;
    }

    public RequestTarget target() {
        return target;
    }

    /** The stamped headers; read-only by the invariant above. */
    public Headers headers() {
        return headers;
    }

    public ArrayBuffer body() {
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

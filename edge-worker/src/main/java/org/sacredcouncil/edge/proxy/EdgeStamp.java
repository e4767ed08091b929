package org.sacredcouncil.edge.proxy;

import org.sacredcouncil.edge.headers.RequestIds;
import org.sacredcouncil.edge.platform.WebCrypto;

/** The edge's header values for one request, as text: exactly what is sent and what is signed. */
public record EdgeStamp(
        String arrival, String fieldVersion, String fieldCoherence, String requestId, String traceparent) {

    /**
     * The stamp of one request, for a client's request and the edge's own fetches alike.
     *
     * @param clientTraceparent the client's {@code traceparent}, continued when valid; null starts a new trace
     */
    public static EdgeStamp issue(
            String arrival, String fieldVersion, String fieldCoherence, String requestId, String clientTraceparent) {
        String random = WebCrypto.randomHex48();
        String traceparent =
                RequestIds.traceparent(clientTraceparent, () -> random.substring(0, 32), random.substring(32));
        return new EdgeStamp(arrival, fieldVersion, fieldCoherence, requestId, traceparent);
    }
}

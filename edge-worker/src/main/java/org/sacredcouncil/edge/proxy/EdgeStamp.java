package org.sacredcouncil.edge.proxy;

/**
 * The edge's header values for one request, as text: exactly what is sent and what is signed.
 *
 * @param unixSeconds the signing time {@code t}, whole seconds as decimal text
 */
public record EdgeStamp(String unixSeconds, String arrival, String fieldVersion, String fieldCoherence,
                        String requestId, String traceparent) {
}

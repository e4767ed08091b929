package org.sacredcouncil.edge.proxy;

/** The edge's header values for one request, as text: exactly what is sent and what is signed. */
public record EdgeStamp(String arrival, String fieldVersion, String fieldCoherence, String requestId,
                        String traceparent) {
}

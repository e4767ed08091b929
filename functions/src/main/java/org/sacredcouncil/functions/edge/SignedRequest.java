package org.sacredcouncil.functions.edge;

/**
 * What the v2 edge signature covers of a request, as heart received it (docs/contracts.md#edge-signature):
 * method, Host, the raw request target from {@code /v1/} on, the SHA-256 of the body bytes, Authorization
 * and the edge's four headers. Absent headers are empty strings in the canonical string.
 */
public record SignedRequest(
        String method,
        String host,
        String pathAndQuery,
        String bodySha256Hex,
        String authorization,
        String arrival,
        String fieldVersion,
        String fieldCoherence,
        String requestId) {}

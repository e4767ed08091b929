package org.sacredcouncil.edge.metrics;

/**
 * Who may read {@code GET /internal/metrics}: a caller with {@code Authorization: Bearer <METRICS_TOKEN>}.
 * Unset token: nobody (like the hub feed without its secret). Compared in constant time, so the answer's
 * timing does not tell how much of a guess was right.
 */
public final class MetricsAccess {

    public static final String PATH = "/internal/metrics";

    private final String expected;

    public MetricsAccess(String token) {
        this.expected = token == null || token.isEmpty() ? null : "Bearer " + token;
    }

    public boolean enabled() {
        return expected != null;
    }

    public boolean allows(String authorization) {
        if (expected == null || authorization == null || authorization.length() != expected.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < expected.length(); i++) {
            difference |= expected.charAt(i) ^ authorization.charAt(i);
        }
        return difference == 0;
    }
}

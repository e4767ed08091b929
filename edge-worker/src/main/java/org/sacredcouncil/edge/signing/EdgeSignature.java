package org.sacredcouncil.edge.signing;

/**
 * The edge signature scheme, v1 (the contract is written out in edge-worker/README.md, "Edge signature"):
 * HMAC-SHA256 with {@code EDGE_SECRET} over eight LF-joined lines, sent as
 * {@code X-Edge-Signature: t=<unix-seconds>,v1=<hex>}. The HMAC itself is computed by WebCrypto in the
 * Worker; this class fixes the bytes it is computed over.
 */
public final class EdgeSignature {

    /** How far heart's clock may be from the edge's, either way. */
    public static final long ALLOWED_SKEW_SECONDS = 300;

    private EdgeSignature() {
    }

    public static String canonical(String unixSeconds, String method, String pathAndQuery, String arrival,
                                   String fieldVersion, String fieldCoherence, String requestId) {
        return new StringBuilder(160)
                .append("v1\n")
                .append(unixSeconds).append('\n')
                .append(method).append('\n')
                .append(pathAndQuery).append('\n')
                .append(nullToEmpty(arrival)).append('\n')
                .append(nullToEmpty(fieldVersion)).append('\n')
                .append(nullToEmpty(fieldCoherence)).append('\n')
                .append(nullToEmpty(requestId))
                .toString();
    }

    public static String header(String unixSeconds, String hexMac) {
        return headerPrefix(unixSeconds) + hexMac;
    }

    /** The header up to the hex digits, which WebCrypto appends. */
    public static String headerPrefix(String unixSeconds) {
        return "t=" + unixSeconds + ",v1=";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

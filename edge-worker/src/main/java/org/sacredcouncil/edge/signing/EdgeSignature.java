package org.sacredcouncil.edge.signing;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * The edge signature, v2 (docs/contracts.md#edge-signature): HMAC-SHA256 with {@code EDGE_SECRET} over twelve
 * LF-joined lines, sent as {@code X-Edge-Signature: t=<unix-seconds>,n=<nonce>,v2=<hex>}. It covers the
 * origin's host, the body (by its SHA-256) and {@code Authorization}, and carries a fresh nonce per attempt,
 * so a captured request cannot be replayed at another region, with another body or another agent's key, nor
 * twice. The HMAC and the digest are computed by WebCrypto in the Worker; this class fixes the bytes.
 *
 * <p>The canonical string is built in two parts around the body digest, so the Worker can hash the body and
 * sign in one script: {@code canonical = beforeDigest + digest + afterDigest}.
 */
public final class EdgeSignature {

    /** SHA-256 of no bytes: the digest line of a request without a body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private EdgeSignature() {}

    public static String canonical(
            String unixSeconds,
            String nonce,
            String method,
            String host,
            String pathAndQuery,
            String bodySha256,
            String authorization,
            String arrival,
            String fieldVersion,
            String fieldCoherence,
            String requestId) {
        return beforeDigest(unixSeconds, nonce, method, host, pathAndQuery)
                + bodySha256
                + afterDigest(authorization, arrival, fieldVersion, fieldCoherence, requestId);
    }

    /** Lines 1–6 and the newline that ends them. */
    public static String beforeDigest(
            String unixSeconds, String nonce, String method, String host, String pathAndQuery) {
        return new StringBuilder(96)
                .append("v2\n")
                .append(unixSeconds)
                .append('\n')
                .append(nonce)
                .append('\n')
                .append(method)
                .append('\n')
                .append(host)
                .append('\n')
                .append(pathAndQuery)
                .append('\n')
                .toString();
    }

    /** The newline after the digest and lines 8–12. */
    public static String afterDigest(
            String authorization, String arrival, String fieldVersion, String fieldCoherence, String requestId) {
        return new StringBuilder(128)
                .append('\n')
                .append(nullToEmpty(authorization))
                .append('\n')
                .append(nullToEmpty(arrival))
                .append('\n')
                .append(nullToEmpty(fieldVersion))
                .append('\n')
                .append(nullToEmpty(fieldCoherence))
                .append('\n')
                .append(nullToEmpty(requestId))
                .toString();
    }

    /** The header up to the hex digits, which WebCrypto appends. */
    public static String headerPrefix(String unixSeconds, String nonce) {
        return "t=" + unixSeconds + ",n=" + nonce + ",v2=";
    }

    /**
     * The host line: {@code host[:port]} of the origin URL, lower case, the port only when it is not the
     * scheme's default — the Host header the edge's fetch sends, and the one heart verifies against.
     */
    public static String hostOf(String originUrl) {
        int scheme = originUrl.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < originUrl.length()
                && originUrl.charAt(end) != '/'
                && originUrl.charAt(end) != '?'
                && originUrl.charAt(end) != '#') {
            end++;
        }
        String host = AsciiCase.lower(originUrl.substring(start, end));
        int at = host.lastIndexOf('@');
        if (at >= 0) {
            host = host.substring(at + 1);
        }
        boolean https = AsciiCase.lower(originUrl.substring(0, start)).startsWith("https:");
        String defaultPort = https ? ":443" : ":80";
        return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package org.sacredcouncil.edge.headers;

import java.util.function.Supplier;
import org.sacredcouncil.core.text.AsciiCase;

/**
 * Request ids and W3C trace context. A client's {@code X-Request-Id} is kept when it is 1–128 characters
 * of {@code [A-Za-z0-9._:-]} (safe in logs and in the signed canonical string); anything else is replaced.
 */
public final class RequestIds {

    private RequestIds() {}

    public static boolean isValidRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String requestId(String fromClient, Supplier<String> fresh) {
        return isValidRequestId(fromClient) ? fromClient : fresh.get();
    }

    /**
     * The traceparent for the origin: the client's trace continues with the edge as a new parent span; a
     * missing or malformed one starts a new sampled trace.
     *
     * @param random32Hex source of 32 lowercase hex digits (two calls of a 16-digit source are fine)
     * @param spanId     16 lowercase hex digits for the edge's span
     */
    public static String traceparent(String fromClient, Supplier<String> random32Hex, String spanId) {
        if (isValidTraceparent(fromClient)) {
            return "00-" + AsciiCase.lower(fromClient.substring(3, 35)) + "-" + spanId + "-"
                    + AsciiCase.lower(fromClient.substring(53, 55));
        }
        return "00-" + random32Hex.get() + "-" + spanId + "-01";
    }

    static boolean isValidTraceparent(String t) {
        if (t == null || t.length() != 55 || !t.startsWith("00-") || t.charAt(35) != '-' || t.charAt(52) != '-') {
            return false;
        }
        return isHex(t, 3, 35) && !isZero(t, 3, 35) && isHex(t, 36, 52) && !isZero(t, 36, 52) && isHex(t, 53, 55);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            // ASCII ranges, not Character.toLowerCase: that pulls TeaVM's Unicode case tables into the bundle
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}

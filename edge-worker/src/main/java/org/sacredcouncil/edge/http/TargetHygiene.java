package org.sacredcouncil.edge.http;

/**
 * Request targets the edge refuses with a JSON {@code 400} because the edge and heart (Jetty, under the
 * Functions Framework invoker) would not read them the same way (issue 12): a {@code ;} in the path (path
 * parameters: the edge routed and signed one path, heart matched another and answered 401), an empty segment
 * ({@code //}), an encoded or raw NUL or other control character, and an over-long target (Jetty answered an
 * 8 KB URL with an empty, non-JSON body).
 */
public final class TargetHygiene {

    /** Far above any target of the API (ids, a cursor and a few filters), far below Jetty's 8 KB header limit. */
    public static final int MAX_TARGET_CHARS = 2048;

    private TargetHygiene() {}

    /** The part of the target that is refused, {@code path} or {@code query}, or null when it is acceptable. */
    public static String refusedPart(RequestTarget target) {
        String path = target.path();
        String query = target.query();
        if (path.length() > MAX_TARGET_CHARS || path.indexOf(';') >= 0 || path.indexOf("//") >= 0 || hasControl(path)) {
            return "path";
        }
        if (path.length() + query.length() > MAX_TARGET_CHARS || hasControl(query)) {
            return "query";
        }
        return null;
    }

    /** Why a refused target is refused. */
    public static String message(RequestTarget target) {
        String path = target.path();
        if (path.length() + target.query().length() > MAX_TARGET_CHARS) {
            return "the request target is longer than " + MAX_TARGET_CHARS + " characters";
        }
        if (path.indexOf(';') >= 0) {
            return "';' is not allowed in the path";
        }
        if (path.indexOf("//") >= 0) {
            return "empty path segments ('//') are not allowed";
        }
        return "NUL and other control characters, raw or percent-encoded as %00, are not allowed";
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
            if (c == '%' && i + 2 < s.length() && s.charAt(i + 1) == '0' && s.charAt(i + 2) == '0') {
                return true;
            }
        }
        return false;
    }
}

package org.sacredcouncil.edge.http;

/** {@code If-None-Match} against the current ETag (RFC 9110 §13.1.2: weak comparison, lists and *). */
public final class EtagMatch {

    private EtagMatch() {}

    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String wanted = opaque(etag);
        int start = 0;
        while (start <= ifNoneMatch.length()) {
            int comma = ifNoneMatch.indexOf(',', start);
            int end = comma < 0 ? ifNoneMatch.length() : comma;
            String candidate = ifNoneMatch.substring(start, end).trim();
            if (candidate.equals("*")
                    || (!candidate.isEmpty() && opaque(candidate).equals(wanted))) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}

package org.sacredcouncil.edge.http;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * Which write bodies the edge refuses with 415 before an origin sees them. The {@code /v1} API takes only
 * JSON bodies (heart answers 415 to anything else), so refusing here saves the round trip — and it keeps
 * form bodies away from the origins: the Functions Framework invoker parses {@code multipart/*} bodies
 * eagerly, and a malformed one makes it fail after heart has answered, breaking the kept-alive connection
 * under the next request the edge sends on it (seen in the end-to-end fuzz as a lost DELETE).
 */
public final class WriteBodyPolicy {

    private WriteBodyPolicy() {}

    /**
     * @param contentType the request's {@code Content-Type}, or null
     * @param hasBody     whether the request carries a body (a declared non-zero length, or a stream)
     * @return true when the write must be refused with 415 {@code unsupported_media_type}
     */
    public static boolean refuses(String contentType, boolean hasBody) {
        if (contentType == null) {
            return false;
        }
        String mime = mimeOf(contentType);
        if (mime.equals("application/json")) {
            return false;
        }
        return hasBody || mime.startsWith("multipart/");
    }

    /** The media type without parameters, lower case: {@code "Application/JSON; charset=utf-8"} → {@code "application/json"}. */
    static String mimeOf(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mime = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return AsciiCase.lower(mime.trim());
    }

    public static String message(String contentType) {
        return "Content-Type must be application/json, was '" + contentType + "'";
    }
}

package org.sacredcouncil.core.artifact;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * The artifact types the council stores, decided by the content's first bytes (docs/artifacts.md#types), never
 * by the client's word or the name alone. Shared by the edge (which sees the bytes) and heart (which checks the
 * type the edge forwards against the same list).
 *
 * <p>Byte comparisons by hand, no charset decoder and no collections: core is compiled by TeaVM for the edge,
 * whose bundle is budgeted.
 */
public final class ArtifactTypes {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String GIF = "image/gif";
    public static final String WEBP = "image/webp";
    public static final String PDF = "application/pdf";
    public static final String MPEG = "audio/mpeg";
    public static final String OGG = "audio/ogg";
    public static final String WAV = "audio/wav";
    public static final String TEXT = "text/plain";

    /** The allowlist, for error messages and the contract's table. */
    public static final String ALLOWED = "image/png, image/jpeg, image/gif, image/webp, application/pdf, "
            + "audio/mpeg, audio/ogg, audio/wav, text/plain";

    private ArtifactTypes() {}

    /**
     * Whether {@code type} (already without parameters) is one of the allowed types: a whole entry of
     * {@link #ALLOWED}. A scan of that one string rather than a switch over the names: the event constructors
     * run this at the edge too, and the bundle pays for every string switch.
     */
    public static boolean isAllowed(String type) {
        if (type == null || type.isEmpty()) {
            return false;
        }
        for (int at = ALLOWED.indexOf(type); at >= 0; at = ALLOWED.indexOf(type, at + 1)) {
            int end = at + type.length();
            if ((at == 0 || ALLOWED.charAt(at - 1) == ' ') && (end == ALLOWED.length() || ALLOWED.charAt(end) == ',')) {
                return true;
            }
        }
        return false;
    }

    /** A {@code Content-Type} value as a bare lower-case media type ({@code "Text/Plain; charset=utf-8"} → {@code text/plain}). */
    public static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return AsciiCase.lower((semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim());
    }

    /**
     * The allowed type of {@code content}, or null when it is none. {@code content} is the whole content (not a
     * prefix): {@code text/plain} is checked to its last byte. Text is {@code text/plain} only when the client
     * declared {@code text/plain} (docs/artifacts.md#types): bytes that merely happen to be valid UTF-8 are not
     * taken for text behind the client's back.
     */
    public static String sniff(byte[] content, String declared) {
        String found = detect(content);
        return TEXT.equals(found) && !TEXT.equals(mediaType(declared)) ? null : found;
    }

    /**
     * Why {@code content} may not be stored under the declared {@code Content-Type} (naming what was found, for
     * the 415), or null when the declared type is the sniffed one.
     */
    public static String problem(byte[] content, String declared) {
        String type = mediaType(declared);
        String found = detect(content);
        if (found != null && found.equals(type)) {
            return null;
        }
        return "declared " + (type == null || type.isEmpty() ? "no type" : type) + ", found "
                + (found == null ? "no allowed type" : found) + "; allowed: " + ALLOWED;
    }

    /** The type the bytes say, with {@code text/plain} for clean UTF-8 text; null for anything else. */
    static String detect(byte[] b) {
        if (b == null || b.length == 0) {
            return null;
        }
        if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (starts(b, 0, 'G', 'I', 'F', '8') && (starts(b, 4, '7', 'a') || starts(b, 4, '9', 'a'))) {
            return GIF;
        }
        if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'A', 'V', 'E')) {
            return WAV;
        }
        if (starts(b, 0, '%', 'P', 'D', 'F', '-')) {
            return PDF;
        }
        // an ID3v2 tag, or a bare MPEG audio frame: 11 sync bits set
        if (starts(b, 0, 'I', 'D', '3') || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0)) {
            return MPEG;
        }
        if (starts(b, 0, 'O', 'g', 'g', 'S')) {
            return OGG;
        }
        return isCleanUtf8Text(b) ? TEXT : null;
    }

    private static boolean starts(byte[] b, int at, int... signature) {
        if (b.length < at + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((b[at + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) without NUL and
     * without C0 controls other than tab, LF and CR (docs/artifacts.md#types).
     */
    static boolean isCleanUtf8Text(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
                i++;
                continue;
            }
            int extra;
            int min;
            int cp;
            if (c >= 0xC2 && c <= 0xDF) {
                extra = 1;
                min = 0x80;
                cp = c & 0x1F;
            } else if (c >= 0xE0 && c <= 0xEF) {
                extra = 2;
                min = 0x800;
                cp = c & 0x0F;
            } else if (c >= 0xF0 && c <= 0xF4) {
                extra = 3;
                min = 0x10000;
                cp = c & 0x07;
            } else {
                return false; // a continuation byte first, an overlong lead (C0, C1) or beyond U+10FFFF (F5..FF)
            }
            if (i + extra >= b.length) {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }
}

package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * The allowed types of docs/artifacts.md#types, decided by the first bytes of the content and never by the
 * client's word alone. The edge's own copy of the contract's table until core's {@code ArtifactTypes.sniff} is in
 * the bundle; the two must answer alike. Plain ints, no enum: the bundle pays for every generated method.
 */
public final class ContentSniffer {

    public static final String TEXT = "text/plain";

    /** The most bytes a signature needs ({@code RIFF} ?? ?? ?? ?? {@code WEBP}). */
    public static final int HEAD_BYTES = 12;

    private ContentSniffer() {}

    /**
     * The binary type whose signature {@code head} starts with, or null: then the content is {@link #TEXT} when the
     * client declared it and the bytes are plain text, else of no allowed type (SVG and HTML among them).
     *
     * @param head the first bytes (up to {@link #HEAD_BYTES}), each 0..255
     */
    public static String sniff(int[] head) {
        if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, 'G', 'I', 'F', '8')
                && head.length >= 6
                && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return "image/gif";
        }
        if (starts(head, 'R', 'I', 'F', 'F') && head.length >= 12) {
            if (head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
                return "image/webp";
            }
            if (head[8] == 'W' && head[9] == 'A' && head[10] == 'V' && head[11] == 'E') {
                return "audio/wav";
            }
        }
        if (starts(head, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        // ID3 tag, or an MPEG frame sync: FF then the top three bits of the next byte set (FF Ex / FF Fx)
        if (starts(head, 'I', 'D', '3') || (head.length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) {
            return "audio/mpeg";
        }
        if (starts(head, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        return null;
    }

    /** A {@code Content-Type} without its parameters, lower-cased and trimmed; "" when absent. */
    public static String declared(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return AsciiCase.lower((semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim());
    }

    private static boolean starts(int[] head, int... signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int at = 0; at < signature.length; at++) {
            if (head[at] != signature[at]) {
                return false;
            }
        }
        return true;
    }
}

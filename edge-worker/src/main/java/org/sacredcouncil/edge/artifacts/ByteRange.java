package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * One {@code Range: bytes=...} of docs/artifacts.md#serving against an object of {@code size} bytes (RFC 9110
 * §14.1.2): {@code a-b}, {@code a-} and {@code -n}. Several ranges, another unit or anything malformed select the
 * whole object (a server may ignore Range, RFC 9110 §14.2). Ints, never {@code long}: TeaVM compiles 64-bit
 * arithmetic to BigInt calls, and an artifact is far below 2 GiB (ARTIFACT_MAX_BYTES).
 */
final class ByteRange {

    /** {@link #of}'s answer for a range that selects no byte of the object: {@code 416}. */
    static final int[] UNSATISFIABLE = new int[0];

    private ByteRange() {}

    /**
     * The first and last byte (inclusive) the header selects; null for the whole object ({@code 200});
     * {@link #UNSATISFIABLE} when no byte can be served.
     */
    static int[] of(String header, int size) {
        if (header == null) {
            return null;
        }
        int equals = header.indexOf('=');
        if (equals < 0
                || !AsciiCase.lower(header.substring(0, equals).trim()).equals("bytes")
                || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(equals + 1).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        int first = digits(spec.substring(0, dash).trim());
        int last = digits(spec.substring(dash + 1).trim());
        if (dash == 0) {
            // -n: the last n bytes, all of them when n is the size or more; -0 selects nothing
            if (last < 0) {
                return null;
            }
            return last == 0 ? UNSATISFIABLE : new int[] {Math.max(0, size - last), size - 1};
        }
        boolean open = dash == spec.length() - 1;
        if (first < 0 || (!open && (last < 0 || last < first))) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new int[] {first, open ? size - 1 : Math.min(last, size - 1)};
    }

    /** ASCII digits as a number (more than nine: past any size); -1 when empty or anything else. */
    private static int digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        int value = 0;
        for (int at = 0; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = at >= 9 ? Integer.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}

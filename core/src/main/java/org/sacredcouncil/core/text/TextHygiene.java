package org.sacredcouncil.core.text;

/**
 * What text from a client may contain before it is stored or published (docs/contracts.md#errors): no
 * unpaired surrogates (PostgreSQL's driver would store them as {@code ?}), no NUL (PostgreSQL refuses it
 * in {@code text}) and no other C0/C1 control character or DEL — except newline and tab in message text —
 * and, in names and identifiers, no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069),
 * which can make a name display as another. Message text may carry bidi controls: right-to-left writing
 * legitimately needs them, and text is never shown as an identity.
 *
 * <p>Character checks by hand: core is compiled by TeaVM too, and regexes cost bundle size there.
 */
public final class TextHygiene {

    /** Where the text goes decides what it may contain. */
    public enum Kind {
        /** Message text: newline and tab allowed, bidi controls allowed. */
        MESSAGE_TEXT,
        /** Names, ids, regions, types, keys, query values: one line, no bidi controls. */
        LABEL
    }

    private TextHygiene() {}

    /** Why {@code text} is refused, or null when it is clean (null text is clean: presence is checked elsewhere). */
    public static String problem(String text, Kind kind) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired surrogate at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired surrogate at index " + i;
            }
            if (c == 0) {
                return "contains a NUL character at index " + i;
            }
            if (isControl(c) && !(kind == Kind.MESSAGE_TEXT && (c == '\n' || c == '\t'))) {
                return "contains the control character U+" + hex4(c) + " at index " + i
                        + (kind == Kind.MESSAGE_TEXT ? " (only newline and tab are allowed)" : "");
            }
            if (kind == Kind.LABEL && isBidiControl(c)) {
                return "contains the bidirectional control U+" + hex4(c) + " at index " + i;
            }
        }
        return null;
    }

    public static boolean isClean(String text, Kind kind) {
        return problem(text, kind) == null;
    }

    /** C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /** Embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069. */
    static boolean isBidiControl(char c) {
        return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String hex4(char c) {
        String digits = "0123456789ABCDEF";
        return new String(new char[] {
            digits.charAt((c >> 12) & 0xf),
            digits.charAt((c >> 8) & 0xf),
            digits.charAt((c >> 4) & 0xf),
            digits.charAt(c & 0xf)
        });
    }
}

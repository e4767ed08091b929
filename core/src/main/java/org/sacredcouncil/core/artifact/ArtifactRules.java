package org.sacredcouncil.core.artifact;

import org.sacredcouncil.core.text.TextHygiene;

/**
 * Shapes of an artifact record's fields (docs/artifacts.md#model), checked by heart before anything is written
 * and by the events' constructors (an event that can be built can be read back). TeaVM-safe: the edge checks
 * blob addresses with it.
 */
public final class ArtifactRules {

    public static final String SHA256_RULE = "64 lowercase hex digits (the SHA-256 of the bytes)";
    public static final int MAX_NAME_LENGTH = 200;
    /** The largest size JSON carries exactly (2^53 − 1): a larger one could not be read back. */
    public static final long MAX_SIZE = 9_007_199_254_740_991L;

    private ArtifactRules() {}

    /** Whether {@code sha256} is a blob address: 64 lowercase hex digits. */
    public static boolean isSha256(String sha256) {
        return sha256 != null && sha256.length() == 64 && isLowerHex(sha256, 0);
    }

    /** Why a display name is refused ({@code TextHygiene} label rules, ≤ 200 characters, not blank), or null. */
    public static String nameProblem(String name) {
        if (name == null) {
            return null;
        }
        String hygiene = TextHygiene.problem(name, TextHygiene.Kind.LABEL);
        if (hygiene != null) {
            return hygiene;
        }
        if (name.trim().isEmpty()) {
            return "must not be blank";
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return "at most " + MAX_NAME_LENGTH + " characters";
        }
        return null;
    }

    static boolean isLowerHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}

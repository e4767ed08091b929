package org.sacredcouncil.edge.headers;

/**
 * Text of the field headers. Coherence is written with at most four decimals by integer arithmetic, so the
 * header (and the signature over it) reads the same on the JVM and under TeaVM.
 */
public final class FieldHeaderValues {

    private FieldHeaderValues() {}

    public static String coherence(double coherence) {
        double clamped = coherence < 0 ? 0 : (coherence > 1 ? 1 : coherence);
        long tenThousandths = Math.round(clamped * 10_000);
        if (tenThousandths == 10_000) {
            return "1";
        }
        if (tenThousandths == 0) {
            return "0";
        }
        StringBuilder digits = new StringBuilder(Long.toString(tenThousandths));
        while (digits.length() < 4) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "0." + digits.substring(0, end);
    }

    /** {@code X-Sacred-Blessing}: one word for the state of the field, from its global coherence. */
    public static String blessing(double coherence) {
        if (coherence >= 0.8) {
            return "radiant";
        }
        if (coherence >= 0.5) {
            return "steady";
        }
        if (coherence >= 0.3) {
            return "tender";
        }
        return "resting";
    }
}

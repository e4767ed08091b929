package org.sacredcouncil.edge.number;

import org.teavm.jso.JSBody;

/**
 * Stands in for TeaVM's DoubleAnalyzer (see {@link NumberTextSubstitution}): the same signatures and the same
 * result form, an 18-digit decimal mantissa and its power of ten, from the engine's shortest round-trip digits.
 */
public final class DoubleAnalyzer {

    static final int MAX_ABS_DEC_EXP = 330;
    public static final int DECIMAL_PRECISION = 18;
    public static final long DOUBLE_MAX_POS = 1000000000000000000L;

    private DoubleAnalyzer() {}

    public static int fastIntLog10(double d) {
        if (d == 0 || Double.isNaN(d)) {
            return 0;
        }
        Result result = new Result();
        analyze(d, result);
        return result.exponent;
    }

    public static void analyze(double d, Result result) {
        result.sign = d < 0 || d == 0 && 1 / d < 0;
        if (d == 0) {
            result.mantissa = 0;
            result.exponent = 0;
            return;
        }
        // "d.ddde±x": the shortest digits that read back as d.
        String text = exponential(Math.abs(d));
        int e = text.indexOf('e');
        long mantissa = 0;
        int digits = 0;
        for (int at = 0; at < e; at++) {
            char c = text.charAt(at);
            if (c != '.') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
            }
        }
        for (; digits < DECIMAL_PRECISION; digits++) {
            mantissa *= 10;
        }
        result.mantissa = mantissa;
        result.exponent = Integer.parseInt(text.substring(text.charAt(e + 1) == '+' ? e + 2 : e + 1));
    }

    public static long mulAndShiftRight(long a, long b, int shift) {
        throw new UnsupportedOperationException();
    }

    @JSBody(params = "d", script = "return d.toExponential();")
    private static native String exponential(double d);

    public static class Result {
        public long mantissa;
        public int exponent;
        public boolean sign;
    }
}

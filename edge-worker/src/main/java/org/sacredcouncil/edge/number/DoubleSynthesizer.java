package org.sacredcouncil.edge.number;

import org.teavm.jso.JSBody;

/** Stands in for TeaVM's DoubleSynthesizer (see {@link NumberTextSubstitution}): same signature. */
public final class DoubleSynthesizer {

    private static final int MANTISSA_DIGITS_AFTER_FIRST = 18;

    private DoubleSynthesizer() {}

    /**
     * The class library's parser hands over the digits as {@code d.ddd × 10^18} (its first digit at 10^18) and
     * the power of ten of that first digit: the value is {@code ±mantissa × 10^(exp − 18)}, rounded to the
     * nearest double by the engine.
     */
    public static double synthesizeDouble(long mantissa, int exp, boolean negative) {
        double value = parse(Long.toString(mantissa) + "e" + (exp - MANTISSA_DIGITS_AFTER_FIRST));
        return negative ? -value : value;
    }

    @JSBody(params = "text", script = "return Number(text);")
    private static native double parse(String text);
}

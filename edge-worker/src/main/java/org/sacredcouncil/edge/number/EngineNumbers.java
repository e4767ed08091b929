package org.sacredcouncil.edge.number;

import org.teavm.jso.JSBody;

/**
 * What {@code Double.parseDouble} becomes in the Worker bundle ({@link ParseDoubleRewrite}): the decimal forms Java
 * reads — optional sign, digits with an optional fraction and exponent, an optional {@code d}/{@code f} suffix,
 * {@code NaN}, {@code Infinity}, surrounding whitespace — converted by the JS engine's own correctly rounded
 * {@code Number()}. Hexadecimal floating-point text ({@code 0x1p3}) is refused; nothing the council reads uses it.
 * The class library's parser (64-bit mantissa arithmetic as BigInt, and through {@code String.regionMatches} the
 * Unicode lower-case tables) stays out of the bundle.
 */
public final class EngineNumbers {

    private EngineNumbers() {}

    public static double parseDouble(String text) {
        String s = text.trim();
        int end = s.length();
        if (end > 0 && "dDfF".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        int i = 0;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        String rest = s.substring(i, end);
        if (end == s.length() && (rest.equals("NaN") || rest.equals("Infinity"))) {
            return engineNumber(s);
        }
        int digits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits > 0 && i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exponent) {
                digits = 0;
            }
        }
        if (digits == 0 || i != end) {
            throw new NumberFormatException("not a number: " + text);
        }
        return engineNumber(s.substring(0, end));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * What {@code StringBuilder.append(double)} becomes in the bundle ({@link ParseDoubleRewrite}): Java's
     * {@code Double.toString} layout (decimal for 1e-3 ≤ |d| < 1e7 with at least one fraction digit, else
     * {@code d.dddE[-]n}) around the engine's shortest round-trip digits — the digits the class library printed
     * already (edge.number's DoubleAnalyzer), without its layout code.
     */
    public static StringBuilder append(StringBuilder out, double value) {
        return out.append(javaText(value));
    }

    /** Doubles hold every whole number of this magnitude exactly. */
    private static final long EXACT_IN_DOUBLE = 1L << 53;

    /**
     * What {@code StringBuilder.append(long)} becomes in the bundle ({@link ParseDoubleRewrite}): the decimal digits,
     * printed by the engine nine at a time (TeaVM's own printer divides 64-bit BigInts digit by digit).
     */
    public static StringBuilder append(StringBuilder out, long value) {
        if (value > -EXACT_IN_DOUBLE && value < EXACT_IN_DOUBLE) {
            return out.append(integerText((double) value));
        }
        append(out, value / 1_000_000_000L);
        String low = integerText((double) Math.abs(value % 1_000_000_000L));
        for (int i = low.length(); i < 9; i++) {
            out.append('0');
        }
        return out.append(low);
    }

    /** What {@code StringBuilder.append(int)} becomes in the bundle ({@link ParseDoubleRewrite}). */
    public static StringBuilder append(StringBuilder out, int value) {
        return out.append(integerText(value));
    }

    @JSBody(params = "wholeValue", script = "return String(wholeValue);")
    private static native String integerText(double wholeValue);

    @JSBody(
            params = "doubleValue",
            script = "if (doubleValue !== doubleValue) return 'NaN';"
                    + " if (doubleValue === 0) return 1 / doubleValue < 0 ? '-0.0' : '0.0';"
                    + " if (doubleValue === Infinity || doubleValue === -Infinity) return String(doubleValue);"
                    + " var magnitude = Math.abs(doubleValue);"
                    + " if (magnitude >= 1e-3 && magnitude < 1e7) { var plain = String(doubleValue);"
                    + " return plain.indexOf('.') < 0 ? plain + '.0' : plain; }"
                    + " var sci = doubleValue.toExponential(), at = sci.indexOf('e');"
                    + " var digits = sci.substring(0, at), power = sci.substring(at + 1);"
                    + " return (digits.indexOf('.') < 0 ? digits + '.0' : digits) + 'E'"
                    + " + (power.charAt(0) === '+' ? power.substring(1) : power);")
    private static native String javaText(double doubleValue);

    @JSBody(params = "numberText", script = "return Number(numberText);")
    private static native double engineNumber(String numberText);
}

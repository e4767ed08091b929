package org.sacredcouncil.edge.number;

/**
 * What {@code Long.parseLong(String)} and {@code Integer.parseInt(String)} become in the Worker bundle
 * ({@link ParseDoubleRewrite}): decimal only — an optional sign and ASCII digits, the forms the class library's
 * parser took in the bundle too — with the same range checks and a {@link NumberFormatException} for anything else.
 * The class library's radix-generic parsers (and their messages built by concatenation) stay out of the bundle.
 */
public final class WholeNumbers {

    private WholeNumbers() {}

    public static long parseLong(String text) {
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (i == length) {
            throw new NumberFormatException();
        }
        // accumulated as a negative number, so that Long.MIN_VALUE fits
        long value = 0;
        for (; i < length; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw new NumberFormatException();
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new NumberFormatException();
            }
            value = -value;
        }
        return value;
    }

    public static int parseInt(String text) {
        long value = parseLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new NumberFormatException();
        }
        return (int) value;
    }
}

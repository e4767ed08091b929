package org.sacredcouncil.edge.time;

import org.teavm.jso.JSBody;

/**
 * Stands in for core's {@code org.sacredcouncil.core.time.IsoInstant} in the Worker bundle only (swapped by
 * {@link IsoInstantSubstitution} at compile time; core and the JVM keep theirs): the same text rules and the same
 * messages, with the calendar arithmetic left to the JS engine's {@code Date} instead of 64-bit {@code long}
 * arithmetic, which TeaVM 0.16 compiles to BigInt calls (core's version was about 1 KB gzip of the bundle).
 *
 * <p>Same results as core's for the years 0–9999 (every timestamp the council writes or reads); core formats
 * without milliseconds when they are zero, and so does this.
 */
public final class IsoInstant {

    private IsoInstant() {}

    public static String format(long epochMillis) {
        return formatMillis((double) epochMillis);
    }

    @JSBody(
            params = "epochMillis",
            script = "var isoText = new Date(epochMillis).toISOString();"
                    + " return isoText.endsWith('.000Z') ? isoText.slice(0, -5) + 'Z' : isoText;")
    private static native String formatMillis(double epochMillis);

    /** The UTC instant of a civil date and time, by the engine's proleptic Gregorian calendar. */
    @JSBody(
            params = {"year", "month", "day", "hour", "minute", "second", "millis"},
            script = "var civil = new Date(0); civil.setUTCFullYear(year, month - 1, day);"
                    + " civil.setUTCHours(hour, minute, second, millis); return civil.getTime();")
    private static native double utcMillis(int year, int month, int day, int hour, int minute, int second, int millis);

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}; fractions beyond milliseconds are truncated.
     *
     * @throws IllegalArgumentException naming what is wrong (core's messages)
     */
    public static long parse(String text) {
        if (text == null || text.length() < 20) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
        int year = digits(text, 0, 4);
        expect(text, 4, '-');
        int month = digits(text, 5, 2);
        expect(text, 7, '-');
        int day = digits(text, 8, 2);
        char t = text.charAt(10);
        if (t != 'T' && t != 't') {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
        int hour = digits(text, 11, 2);
        expect(text, 13, ':');
        int minute = digits(text, 14, 2);
        expect(text, 16, ':');
        int second = digits(text, 17, 2);
        if (month < 1
                || month > 12
                || day < 1
                || day > daysInMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 60) {
            throw new IllegalArgumentException("timestamp out of range: " + text);
        }
        int pos = 19;
        int millis = 0;
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                if (pos - start < 3) {
                    millis = millis * 10 + (text.charAt(pos) - '0');
                }
                pos++;
            }
            if (pos == start) {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
            }
            for (int i = pos - start; i < 3; i++) {
                millis *= 10;
            }
        }
        int offsetMillis;
        if (pos == text.length() - 1 && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
            offsetMillis = 0;
        } else if (pos == text.length() - 6 && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            int offHours = digits(text, pos + 1, 2);
            expect(text, pos + 3, ':');
            int offMinutes = digits(text, pos + 4, 2);
            offsetMillis = (offHours * 60 + offMinutes) * 60_000 * (text.charAt(pos) == '-' ? -1 : 1);
        } else {
            throw new IllegalArgumentException("not an ISO-8601 timestamp (zone missing): " + text);
        }
        return (long) (utcMillis(year, month, day, hour, minute, Math.min(second, 59), millis) - offsetMillis);
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            return leap ? 29 : 28;
        }
        return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
    }

    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void expect(String text, int at, char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
    }
}

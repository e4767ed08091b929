package org.sacredcouncil.core.time;

/**
 * ISO-8601 UTC timestamps ({@code 2026-11-26T20:00:00Z}, milliseconds when non-zero) without java.time,
 * whose TeaVM support would pull time-zone data into the Worker bundle. The text rules live here, once, in
 * {@code int} arithmetic; the calendar under them is {@link CivilCalendar}, which the Worker's bundle swaps for
 * the JS engine's {@code Date} (edge-worker's {@code edge.time}).
 */
public final class IsoInstant {

    private IsoInstant() {}

    public static String format(long epochMillis) {
        return CivilCalendar.formatUtc(epochMillis);
    }

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}; fractions beyond milliseconds are truncated.
     *
     * @throws IllegalArgumentException naming what is wrong
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
            // ASCII digits only: Character.isDigit took any Unicode digit (U+0663 became a garbage millisecond),
            // and under TeaVM it pulled the Unicode class tables (about 4 KB gzip) into the edge's bundle
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
        int offsetMinutes;
        if (pos == text.length() - 1 && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
            offsetMinutes = 0;
        } else if (pos == text.length() - 6 && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            int offHours = digits(text, pos + 1, 2);
            expect(text, pos + 3, ':');
            int offMinutes = digits(text, pos + 4, 2);
            offsetMinutes = (offHours * 60 + offMinutes) * (text.charAt(pos) == '-' ? -1 : 1);
        } else {
            throw new IllegalArgumentException("not an ISO-8601 timestamp (zone missing): " + text);
        }
        // a leap second (:60) is read as :59
        return CivilCalendar.utcMillis(year, month, day, hour, minute, Math.min(second, 59), millis, offsetMinutes);
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

package org.sacredcouncil.core.time;

/**
 * ISO-8601 UTC timestamps ({@code 2026-11-26T20:00:00Z}, milliseconds when non-zero) without java.time,
 * whose TeaVM support would pull time-zone data into the Worker bundle.
 */
public final class IsoInstant {

    private IsoInstant() {}

    public static String format(long epochMillis) {
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long millisOfDay = Math.floorMod(epochMillis, 86_400_000L);
        // Civil-from-days (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long year = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        if (month <= 2) {
            year++;
        }
        StringBuilder sb = new StringBuilder(24);
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append('T');
        pad(sb, millisOfDay / 3_600_000, 2).append(':');
        pad(sb, (millisOfDay / 60_000) % 60, 2).append(':');
        pad(sb, (millisOfDay / 1000) % 60, 2);
        long millis = millisOfDay % 1000;
        if (millis != 0) {
            pad(sb.append('.'), millis, 3);
        }
        return sb.append('Z').toString();
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
        long year = digits(text, 0, 4);
        expect(text, 4, '-');
        long month = digits(text, 5, 2);
        expect(text, 7, '-');
        long day = digits(text, 8, 2);
        char t = text.charAt(10);
        if (t != 'T' && t != 't') {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
        long hour = digits(text, 11, 2);
        expect(text, 13, ':');
        long minute = digits(text, 14, 2);
        expect(text, 16, ':');
        long second = digits(text, 17, 2);
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
        long millis = 0;
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
        long offsetMillis;
        if (pos == text.length() - 1 && (text.charAt(pos) == 'Z' || text.charAt(pos) == 'z')) {
            offsetMillis = 0;
        } else if (pos == text.length() - 6 && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            long offHours = digits(text, pos + 1, 2);
            expect(text, pos + 3, ':');
            long offMinutes = digits(text, pos + 4, 2);
            offsetMillis = (offHours * 60 + offMinutes) * 60_000L * (text.charAt(pos) == '-' ? -1 : 1);
        } else {
            throw new IllegalArgumentException("not an ISO-8601 timestamp (zone missing): " + text);
        }
        long days = daysFromCivil(year, month, day);
        return days * 86_400_000L
                + hour * 3_600_000L
                + minute * 60_000L
                + Math.min(second, 59) * 1000L
                + millis
                - offsetMillis;
    }

    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static long daysInMonth(long year, long month) {
        if (month == 2) {
            boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            return leap ? 29 : 28;
        }
        return (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
    }

    private static long digits(String text, int from, int count) {
        if (from + count > text.length()) {
            throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text);
        }
        long value = 0;
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

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}

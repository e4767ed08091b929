package org.sacredcouncil.core.time;

/**
 * The proleptic Gregorian calendar under {@link IsoInstant}: instants from civil fields and back, in UTC. A class
 * of its own so that the Worker's bundle replaces exactly this (edge-worker's {@code edge.time.CivilCalendar}, by
 * a TeaVM substitution) with the JS engine's {@code Date}: TeaVM compiles 64-bit arithmetic to BigInt calls, while
 * the text rules in {@link IsoInstant} are {@code int} arithmetic and stay shared.
 */
public final class CivilCalendar {

    private CivilCalendar() {}

    /** {@code YYYY-MM-DDTHH:MM:SS[.mmm]Z}, the milliseconds only when non-zero. */
    public static String formatUtc(long epochMillis) {
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

    /** The instant of a valid civil date and time, read at a UTC offset of {@code offsetMinutes}. */
    public static long utcMillis(
            int year, int month, int day, int hour, int minute, int second, int millis, int offsetMinutes) {
        return daysFromCivil(year, month, day) * 86_400_000L
                + hour * 3_600_000L
                + minute * 60_000L
                + second * 1000L
                + millis
                - offsetMinutes * 60_000L;
    }

    private static long daysFromCivil(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}

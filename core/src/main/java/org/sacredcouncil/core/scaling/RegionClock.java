package org.sacredcouncil.core.scaling;

/**
 * A region's local time of day from a fixed offset to UTC, in minutes (Europe/Brussels in winter: +60).
 *
 * <p>A fixed offset, not a zone id: {@code core} is also compiled by TeaVM, which carries no time-zone
 * database, and {@code java.time} is out of {@code core} altogether (core/README.md). The cost of that choice is
 * daylight saving: for half the year quiet and peak hours start an hour early or late in local terms, which the
 * operator may correct twice a year with one Terraform variable; the windows are hours wide, so an hour's shift
 * moves cost a little and never breaks a bound (docs/scaling.md#clock).
 */
public final class RegionClock {

    /** Real offsets run from UTC−12:00 to UTC+14:00. */
    public static final int MIN_OFFSET_MINUTES = -12 * 60;

    public static final int MAX_OFFSET_MINUTES = 14 * 60;

    private RegionClock() {}

    public static boolean isValidOffset(int offsetMinutes) {
        return offsetMinutes >= MIN_OFFSET_MINUTES && offsetMinutes <= MAX_OFFSET_MINUTES;
    }

    /** Minute of the local day, in [0, 1440), at {@code nowMillis} (ms since the epoch, UTC). */
    public static int minuteOfDay(long nowMillis, int offsetMinutes) {
        long utcMinute = Math.floorDiv(nowMillis, 60_000L);
        return (int) Math.floorMod(utcMinute + offsetMinutes, (long) DailyWindow.MINUTES_PER_DAY);
    }
}

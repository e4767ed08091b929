package org.sacredcouncil.edge.time;

import org.teavm.jso.JSBody;

/**
 * Stands in for core's {@code org.sacredcouncil.core.time.CivilCalendar} in the Worker bundle only (swapped by
 * {@link CivilCalendarSubstitution} at compile time; core and the JVM keep theirs): the calendar left to the JS
 * engine's {@code Date} instead of 64-bit {@code long} arithmetic, which TeaVM 0.16 compiles to BigInt calls.
 * core's {@code IsoInstant}, the text rules above it, is the same code in the bundle and on the JVM.
 *
 * <p>Same results as core's for the years 0–9999 (every timestamp the council writes or reads).
 */
public final class CivilCalendar {

    private CivilCalendar() {}

    public static String formatUtc(long epochMillis) {
        return formatMillis((double) epochMillis);
    }

    @JSBody(
            params = "epochMillis",
            script = "var isoText = new Date(epochMillis).toISOString();"
                    + " return isoText.endsWith('.000Z') ? isoText.slice(0, -5) + 'Z' : isoText;")
    private static native String formatMillis(double epochMillis);

    public static long utcMillis(
            int year, int month, int day, int hour, int minute, int second, int millis, int offsetMinutes) {
        return (long) civilMillis(year, month, day, hour, minute - offsetMinutes, second, millis);
    }

    /** setUTCHours carries minutes outside 0–59 (the offset taken off) into the hours and the date. */
    @JSBody(
            params = {"year", "month", "day", "hour", "minute", "second", "millis"},
            script = "var civil = new Date(0); civil.setUTCFullYear(year, month - 1, day);"
                    + " civil.setUTCHours(hour, minute, second, millis); return civil.getTime();")
    private static native double civilMillis(
            int year, int month, int day, int hour, int minute, int second, int millis);
}

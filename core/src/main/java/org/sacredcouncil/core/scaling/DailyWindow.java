package org.sacredcouncil.core.scaling;

/**
 * A span of local clock time, {@code [start, end)} in minutes of the day; it may wrap midnight (22:00–06:00).
 * An empty window ({@code start == end}) never matches.
 */
public record DailyWindow(int startMinute, int endMinute) {

    public static final int MINUTES_PER_DAY = 24 * 60;

    public DailyWindow {
        if (startMinute < 0 || startMinute >= MINUTES_PER_DAY || endMinute < 0 || endMinute >= MINUTES_PER_DAY) {
            throw new IllegalArgumentException(
                    "window minutes must be within [0, 1440), were " + startMinute + "-" + endMinute);
        }
    }

    /** {@code HH:MM-HH:MM}, e.g. {@code 22:00-06:00}; {@code null} for anything else. */
    public static DailyWindow parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        int dash = t.indexOf('-');
        if (dash < 0) {
            return null;
        }
        int start = minuteOrMinus(t.substring(0, dash).trim());
        int end = minuteOrMinus(t.substring(dash + 1).trim());
        return start < 0 || end < 0 ? null : new DailyWindow(start, end);
    }

    private static int minuteOrMinus(String hhmm) {
        if (hhmm.length() != 5 || hhmm.charAt(2) != ':') {
            return -1;
        }
        for (int i : new int[] {0, 1, 3, 4}) {
            if (hhmm.charAt(i) < '0' || hhmm.charAt(i) > '9') {
                return -1;
            }
        }
        int h = (hhmm.charAt(0) - '0') * 10 + (hhmm.charAt(1) - '0');
        int m = (hhmm.charAt(3) - '0') * 10 + (hhmm.charAt(4) - '0');
        return h > 23 || m > 59 ? -1 : h * 60 + m;
    }

    public boolean contains(int minuteOfDay) {
        if (startMinute <= endMinute) {
            return minuteOfDay >= startMinute && minuteOfDay < endMinute;
        }
        return minuteOfDay >= startMinute || minuteOfDay < endMinute;
    }

    /** Minutes of the day inside the window (for the cost table). */
    public int lengthMinutes() {
        return startMinute <= endMinute ? endMinute - startMinute : MINUTES_PER_DAY - startMinute + endMinute;
    }

    @Override
    public String toString() {
        return hhmm(startMinute) + "-" + hhmm(endMinute);
    }

    private static String hhmm(int minute) {
        int h = minute / 60;
        int m = minute % 60;
        return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
    }
}

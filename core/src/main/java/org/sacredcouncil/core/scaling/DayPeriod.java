package org.sacredcouncil.core.scaling;

/** Where a region's local clock stands: each period scales the baseline counts by its factor. */
public enum DayPeriod {
    QUIET("quiet"),
    ORDINARY("ordinary"),
    PEAK("peak");

    private final String wire;

    DayPeriod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

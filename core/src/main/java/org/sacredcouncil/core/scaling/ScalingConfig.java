package org.sacredcouncil.core.scaling;

/**
 * Tunables of {@link ScalingPolicy} shared by every function.
 *
 * @param quietHours local time when the council sleeps: counts × {@code quietFactor}
 * @param peakHours local time of the busiest hours: counts × {@code peakFactor} (wins where it overlaps quiet)
 * @param strainCoherence coherence under which the council is under strain: the min count × {@code strainMinFactor}
 *     (docs/scaling.md#coherence: the healing burst when a sacred pause ends)
 * @param rateMargin hysteresis on the rate: a count comes down only when it would also come down at {@code rate ×
 *     (1 + rateMargin)}
 * @param coherenceMargin hysteresis on coherence: the strain ends only above {@code strainCoherence +
 *     coherenceMargin}
 */
public record ScalingConfig(
        DailyWindow quietHours,
        DailyWindow peakHours,
        double quietFactor,
        double peakFactor,
        double strainCoherence,
        double strainMinFactor,
        double rateMargin,
        double coherenceMargin) {

    /** Quiet 22:00–06:00 and peak 17:00–21:00 local; strain under 0.4 (above the 0.3 pause threshold). */
    public static final ScalingConfig DEFAULT = new ScalingConfig(
            new DailyWindow(22 * 60, 6 * 60), new DailyWindow(17 * 60, 21 * 60), 0.5, 2.0, 0.4, 1.5, 0.25, 0.05);

    public ScalingConfig {
        if (quietHours == null || peakHours == null) {
            throw new IllegalArgumentException("quiet and peak hours are required");
        }
        if (!(quietFactor > 0 && quietFactor <= 1)) {
            throw new IllegalArgumentException("quiet factor must be within (0, 1], was " + quietFactor);
        }
        if (!(peakFactor >= 1 && peakFactor <= 10)) {
            throw new IllegalArgumentException("peak factor must be within [1, 10], was " + peakFactor);
        }
        if (!(strainCoherence >= 0 && strainCoherence <= 1)) {
            throw new IllegalArgumentException("strain coherence must be within [0, 1], was " + strainCoherence);
        }
        if (!(strainMinFactor >= 1 && strainMinFactor <= 10)) {
            throw new IllegalArgumentException("strain min factor must be within [1, 10], was " + strainMinFactor);
        }
        if (!(rateMargin >= 0 && rateMargin <= 10) || !(coherenceMargin >= 0 && coherenceMargin <= 1)) {
            throw new IllegalArgumentException("hysteresis margins must be non-negative and finite");
        }
    }

    /** Peak wins where the windows overlap: a wrong guess then costs money, not latency. */
    public DayPeriod period(int localMinuteOfDay) {
        if (peakHours.contains(localMinuteOfDay)) {
            return DayPeriod.PEAK;
        }
        return quietHours.contains(localMinuteOfDay) ? DayPeriod.QUIET : DayPeriod.ORDINARY;
    }

    public double factor(DayPeriod period) {
        return switch (period) {
            case QUIET -> quietFactor;
            case PEAK -> peakFactor;
            case ORDINARY -> 1.0;
        };
    }
}

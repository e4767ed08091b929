package org.sacredcouncil.core.scaling;

/**
 * The policy's answer for one target: the counts it wants, why, and whether they differ from the service's
 * current counts (an unchanged decision sends nothing).
 */
public record ScalingDecision(
        ScalingTarget target, DayPeriod period, boolean strained, ScalingInput input, InstanceCounts desired) {

    /** True when the service must be updated: its counts are unknown or differ. */
    public boolean changed() {
        return !desired.equals(input.current());
    }
}

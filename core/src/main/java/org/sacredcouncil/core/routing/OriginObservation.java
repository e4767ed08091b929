package org.sacredcouncil.core.routing;

/**
 * What one edge isolate has seen of one origin recently. {@code ewmaLatencyMillis} is negative until the
 * first answer; {@code ejectedUntilMillis} is 0 when the origin was never ejected.
 */
public record OriginObservation(
        int consecutiveFailures, int inFlight, double ewmaLatencyMillis, long ejectedUntilMillis, int ejections) {

    public static final OriginObservation NONE = new OriginObservation(0, 0, -1, 0, 0);

    public boolean isEjectedAt(long nowMillis) {
        return nowMillis < ejectedUntilMillis;
    }

    public boolean hasLatency() {
        return ewmaLatencyMillis >= 0;
    }
}

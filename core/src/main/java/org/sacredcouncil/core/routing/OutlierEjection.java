package org.sacredcouncil.core.routing;

/**
 * Passive outlier ejection settings: after {@code failuresToEject} consecutive origin faults
 * (docs/contracts.md#origin-fault; a client's own error answers never count)
 * an origin is skipped for {@code ejectionMillis}.
 */
public record OutlierEjection(int failuresToEject, long ejectionMillis) {

    public static final OutlierEjection DEFAULT = new OutlierEjection(3, 30_000);

    public OutlierEjection {
        if (failuresToEject < 1) {
            throw new IllegalArgumentException("failuresToEject must be at least 1, was " + failuresToEject);
        }
        if (ejectionMillis < 0) {
            throw new IllegalArgumentException("ejectionMillis must not be negative, was " + ejectionMillis);
        }
    }
}

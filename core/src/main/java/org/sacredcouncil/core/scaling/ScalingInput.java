package org.sacredcouncil.core.scaling;

/**
 * What one decision is made from.
 *
 * @param nowMillis the instant (ms since the epoch, UTC)
 * @param messagesPerMinute the recent message rate the target serves (its region's, or the council's)
 * @param coherence the field's coherence the target follows, in [0, 1]; NaN = unknown, treated as no strain
 * @param current the service's counts now, {@code null} when unknown (first run, or never set): the hysteresis
 *     keeps a current value while it lies within the band of the inputs
 */
public record ScalingInput(long nowMillis, double messagesPerMinute, double coherence, InstanceCounts current) {

    public ScalingInput {
        if (!(messagesPerMinute >= 0) || Double.isInfinite(messagesPerMinute)) {
            throw new IllegalArgumentException("message rate must be finite and >= 0, was " + messagesPerMinute);
        }
        if (!Double.isNaN(coherence) && !(coherence >= 0 && coherence <= 1)) {
            throw new IllegalArgumentException("coherence must be within [0, 1] or NaN, was " + coherence);
        }
    }
}

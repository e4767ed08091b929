package org.sacredcouncil.core.scaling;

/**
 * One Cloud Run service the policy scales.
 *
 * @param function the function it runs ({@code heart}, {@code memory}, ...)
 * @param service the service's full name, {@code projects/P/locations/L/services/S}
 * @param region the council region whose clock, rate and coherence drive it; {@code null} = the whole council
 *     (global coherence, every region's messages, the clock of {@code utcOffsetMinutes})
 * @param utcOffsetMinutes the local clock of that region ({@link RegionClock})
 * @param baseline the counts of an ordinary hour with nothing unusual (factor 1)
 * @param bounds the hard limits no decision leaves
 * @param messagesPerInstanceMinute messages per minute one instance carries comfortably: the rate's demand is
 *     {@code ceil(rate / this)} warm instances
 */
public record ScalingTarget(
        String function,
        String service,
        String region,
        int utcOffsetMinutes,
        InstanceCounts baseline,
        ScalingBounds bounds,
        double messagesPerInstanceMinute) {

    public ScalingTarget {
        if (function == null || function.isEmpty() || service == null || service.isEmpty()) {
            throw new IllegalArgumentException("a scaling target needs a function and a service");
        }
        if (!RegionClock.isValidOffset(utcOffsetMinutes)) {
            throw new IllegalArgumentException(
                    "UTC offset must be within [-720, 840] minutes, was " + utcOffsetMinutes);
        }
        if (baseline == null || bounds == null) {
            throw new IllegalArgumentException("a scaling target needs a baseline and bounds");
        }
        if (!(messagesPerInstanceMinute > 0) || Double.isInfinite(messagesPerInstanceMinute)) {
            throw new IllegalArgumentException(
                    "messages per instance must be positive, was " + messagesPerInstanceMinute);
        }
    }
}

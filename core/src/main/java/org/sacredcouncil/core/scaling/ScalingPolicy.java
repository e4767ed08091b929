package org.sacredcouncil.core.scaling;

/**
 * Cost-aware instance bounds (docs/scaling.md): from a region's time of day, its recent message rate and the
 * field's coherence to the min and max instance counts of one function's Cloud Run service.
 *
 * <pre>
 * f       = 0.5 quiet, 2 peak, 1 otherwise                 (ScalingConfig)
 * demand  = ceil(rate / messagesPerInstanceMinute)
 * min     = max(round(baseline.min · f · strain), demand)  strain = strainMinFactor when coherence &lt; strainCoherence
 * max     = max(round(baseline.max · f), 2 · demand)       round: up when the factor is ≥ 1, down below 1
 * each clamped into the target's bounds, then max = max(max, min)
 * </pre>
 *
 * <p>Hysteresis without memory: a second target {@code T⁺} is computed from inputs pushed toward more capacity
 * (rate × (1 + rateMargin), coherence − coherenceMargin). The decision is the current count clamped into {@code
 * [T, T⁺]}: a count rises as soon as {@code T} exceeds it and falls only once {@code T⁺} is below it, so an input
 * wobbling within the margins leaves the service alone. The band needs no state of its own: the service's current
 * counts, read back from Cloud Run, are the memory, so the scheduled step stays stateless and idempotent.
 *
 * <p>Monotonic in the rate (T and T⁺ both are, so a clamp between them is) and never outside the bounds (T and T⁺
 * both lie within them).
 */
public final class ScalingPolicy {

    private final ScalingConfig config;

    public ScalingPolicy(ScalingConfig config) {
        this.config = config;
    }

    public ScalingConfig config() {
        return config;
    }

    public ScalingDecision decide(ScalingTarget target, ScalingInput input) {
        DayPeriod period = config.period(RegionClock.minuteOfDay(input.nowMillis(), target.utcOffsetMinutes()));
        boolean strained = strained(input.coherence(), 0);
        InstanceCounts low = counts(target, period, input.messagesPerMinute(), strained);
        InstanceCounts high = counts(
                target,
                period,
                input.messagesPerMinute() * (1 + config.rateMargin()),
                strained(input.coherence(), config.coherenceMargin()));
        InstanceCounts current = input.current();
        InstanceCounts desired;
        if (current == null) {
            desired = low;
        } else {
            int min = clamp(current.min(), low.min(), high.min());
            int max = Math.max(clamp(current.max(), low.max(), high.max()), min);
            desired = new InstanceCounts(min, max);
        }
        return new ScalingDecision(target, period, strained, input, desired);
    }

    private boolean strained(double coherence, double margin) {
        return !Double.isNaN(coherence) && coherence < config.strainCoherence() + margin;
    }

    /** The target counts for one set of inputs, within the bounds. */
    InstanceCounts counts(ScalingTarget target, DayPeriod period, double rate, boolean strained) {
        double f = config.factor(period);
        long demand = (long) Math.ceil(Math.min(rate / target.messagesPerInstanceMinute(), 1e9));
        double strain = strained ? config.strainMinFactor() : 1.0;
        long min = Math.max(scaled(target.baseline().min(), f * strain), demand);
        long max = Math.max(scaled(target.baseline().max(), f), 2 * demand);
        ScalingBounds b = target.bounds();
        int boundedMin = b.clampMin(min);
        int boundedMax = Math.max(b.clampMax(max), boundedMin);
        return new InstanceCounts(boundedMin, boundedMax);
    }

    /**
     * {@code base · factor} to a whole count: up when the factor raises (a strained 1 becomes 2, a doubled 3 is 6),
     * down when it lowers (a halved 1 becomes 0, a halved 3 is 1), so that each factor always moves the count the
     * way it says — quiet hours do take the last warm instance away, the point of them.
     */
    private static long scaled(int base, double factor) {
        double value = base * factor;
        // 1e-9 absorbs floating error (1.1 · 10 is 11.000000000000002)
        return factor >= 1 ? (long) Math.ceil(value - 1e-9) : (long) Math.floor(value + 1e-9);
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }
}

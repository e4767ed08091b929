package org.sacredcouncil.core.coherence;

/**
 * The parameters and pure formulas of the field.
 *
 * <p>Every message leaves an impact {@code i} at time {@code t}. At time {@code now} it still weighs
 * {@code i * 2^(-(now - t) / halfLife)}; {@code S_a} is the sum of those weights over the window for the
 * messages of agent {@code a}. Each agent counts at most {@code agentCap} either way:
 * {@code S = sum_a clamp(S_a, -agentCap, +agentCap)}, and coherence is
 * {@code sigmoid(logit(baseline) + gain * S)}: in (0, 1), equal to the baseline when nothing is said, and
 * drifting back to it with the half-life as impacts fade. Per region the same, over the region's messages.
 *
 * <p>The cap is what keeps one agent from pausing the council (issue 12): adding or removing all of one
 * agent's messages moves {@code S} by at most {@code agentCap}, hence coherence by at most
 * {@link #maxSingleAgentShift()} = {@code tanh(gain * agentCap / 4)}, from any state; alone from the
 * baseline it can reach no lower than {@link #singleAgentFloor()}. Every {@code S_a} is still a plain sum
 * (commutative, shardable); the clamp is applied only when the field is read, after all of an agent's
 * messages are summed, so any order, any batching and any sharding of the same events gives the same field.
 *
 * <p>The window is counted in whole buckets ({@code bucketMillis}): an event counts while its bucket is one
 * of the last {@code windowBuckets} buckets up to and including {@code now}'s (an event a few seconds ahead
 * of {@code now} within the current bucket counts: clocks of regions differ by that much). Bucketed
 * windows let incremental folds drop whole buckets and still agree exactly with a recomputation.
 */
public record CoherenceModel(
        double baseline,
        long halfLifeMillis,
        long bucketMillis,
        int windowBuckets,
        double gain,
        double loveGain,
        double agentCap) {

    /**
     * agentCap 0.15 with gain 4: one agent alone moves the field from the baseline 0.5 to no less than 0.354
     * (above the 0.3 pause threshold) and no more than 0.646, and by at most 0.149 from any state; three to
     * eight recent messages of one agent (by type and length) reach its cap, so a council of many agents
     * still moves the field freely.
     */
    public static final CoherenceModel DEFAULT = new CoherenceModel(0.5, 10 * 60_000L, 60_000L, 60, 4.0, 0.5, 0.15);

    private static final double LN2 = Math.log(2);

    public CoherenceModel {
        if (!(baseline > 0 && baseline < 1)) {
            throw new IllegalArgumentException("baseline must be within (0, 1)");
        }
        if (halfLifeMillis <= 0 || bucketMillis <= 0 || windowBuckets <= 0) {
            throw new IllegalArgumentException("halfLife, bucket and window must be positive");
        }
        if (!(gain > 0) || !(loveGain >= 0)) {
            throw new IllegalArgumentException("gain must be positive and loveGain not negative");
        }
        if (!(agentCap > 0)) {
            throw new IllegalArgumentException("agentCap must be positive (infinite: no cap)");
        }
    }

    /** The same model with another per-agent cap ({@code Double.POSITIVE_INFINITY}: the uncapped sum). */
    public CoherenceModel withAgentCap(double cap) {
        return new CoherenceModel(baseline, halfLifeMillis, bucketMillis, windowBuckets, gain, loveGain, cap);
    }

    /** One agent's share of {@code S}: its decayed sum clamped to [-agentCap, +agentCap]. */
    public double capped(double agentSum) {
        return Math.max(-agentCap, Math.min(agentCap, agentSum));
    }

    /**
     * The most one agent's messages (all of them, added or removed) can move coherence, from any state:
     * {@code S} moves by at most {@code agentCap}, and {@code sigmoid(x + d) - sigmoid(x)} is largest at
     * {@code x = -d/2}, where it is {@code sigmoid(d/2) - sigmoid(-d/2) = tanh(d/4)}; here
     * {@code d = gain * agentCap}. (Written with sigmoid, which needs only {@code exp}, for TeaVM.)
     */
    public double maxSingleAgentShift() {
        return 2 * sigmoid(gain * agentCap / 2) - 1;
    }

    /**
     * The lowest coherence one agent alone can bring the baseline to:
     * {@code sigmoid(logit(baseline) - gain * agentCap)}.
     */
    public double singleAgentFloor() {
        return coherence(-agentCap);
    }

    public long windowMillis() {
        return bucketMillis * windowBuckets;
    }

    public long bucketOf(long timeMillis) {
        return Math.floorDiv(timeMillis, bucketMillis);
    }

    public long bucketStart(long bucket) {
        return bucket * bucketMillis;
    }

    /** The first bucket that still counts at {@code now}. */
    public long oldestBucket(long now) {
        return bucketOf(now) - windowBuckets + 1;
    }

    /** The earliest time that counts at {@code now}: a SQL window selects {@code windowStart <= time < windowEnd}. */
    public long windowStart(long now) {
        return bucketStart(oldestBucket(now));
    }

    /** The first time that does not count yet at {@code now} (the start of the next bucket). */
    public long windowEnd(long now) {
        return bucketStart(bucketOf(now) + 1);
    }

    public boolean counts(long eventMillis, long now) {
        long bucket = bucketOf(eventMillis);
        return bucket >= oldestBucket(now) && bucket <= bucketOf(now);
    }

    /** {@code 2^(-(now - then) / halfLife)}. */
    public double decay(long then, long now) {
        return Math.exp(-(now - then) * LN2 / halfLifeMillis);
    }

    /** {@code 2^((t - anchor) / halfLife)}: grows with t; bounded because t lies within the anchor's bucket. */
    double growth(long anchor, long t) {
        return Math.exp((t - anchor) * LN2 / halfLifeMillis);
    }

    public double coherence(double decayedImpact) {
        return sigmoid(logit(baseline) + gain * decayedImpact);
    }

    /** The coherence right after one more impact lands now on a field of coherence {@code before}. */
    public double afterImpact(double before, double impact) {
        double clamped = Math.max(1e-12, Math.min(1 - 1e-12, before));
        return sigmoid(logit(clamped) + gain * impact);
    }

    /** {@code 1 + loveGain * L / (W + 1)}: L the decayed weight of loving messages, W that of all messages. */
    public double loveAmplification(double lovingWeight, double totalWeight) {
        return 1.0 + loveGain * lovingWeight / (totalWeight + 1.0);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}

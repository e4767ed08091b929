package org.sacredcouncil.core.coherence;

/**
 * The parameters and pure formulas of the field.
 *
 * <p>Every message leaves an impact {@code i} at time {@code t}. At time {@code now} it still weighs
 * {@code i * 2^(-(now - t) / halfLife)}; {@code S} is the sum of those weights over the window.
 * Coherence is {@code sigmoid(logit(baseline) + gain * S)}: in (0, 1), equal to the baseline when nothing
 * is said, and drifting back to it with the half-life as impacts fade. A sum is commutative, so any order,
 * any batching and any sharding of the same events gives the same field.
 *
 * <p>The window is counted in whole buckets ({@code bucketMillis}): an event counts while its bucket is one
 * of the last {@code windowBuckets} buckets up to and including {@code now}'s (an event a few seconds ahead
 * of {@code now} within the current bucket counts: clocks of regions differ by that much). Bucketed
 * windows let incremental folds drop whole buckets and still agree exactly with a recomputation.
 */
public record CoherenceModel(double baseline, long halfLifeMillis, long bucketMillis, int windowBuckets,
                             double gain, double loveGain) {

    public static final CoherenceModel DEFAULT = new CoherenceModel(0.5, 10 * 60_000L, 60_000L, 60, 4.0, 0.5);

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

package org.sacredcouncil.core.coherence;

import org.sacredcouncil.core.event.MessageSent;

/**
 * One message's share of a (region, agent, bucket) cell, anchored at the bucket's start: the unit that
 * sharded stores add up. Because it is anchored, adding contributions of the same cell is plain addition
 * (Firestore {@code FieldValue.increment}), commutative and safe to apply in any order;
 * {@link FieldAccumulator#add} folds the stored sums back. The agent is part of the cell because the
 * per-agent cap of {@link CoherenceModel} applies to an agent's whole sum: cells of different agents must
 * never be added together.
 */
public record BucketContribution(
        String region, String agentId, long bucket, double impact, double loving, double weight, int count) {

    public BucketContribution {
        if (region == null || agentId == null) {
            throw new IllegalArgumentException("region and agentId are required");
        }
    }

    public static BucketContribution of(MessageSent event, CoherenceModel model) {
        long bucket = model.bucketOf(event.timeMillis());
        double growth = model.growth(model.bucketStart(bucket), event.timeMillis());
        return new BucketContribution(
                event.region(),
                event.message().agentId(),
                bucket,
                event.impact() * growth,
                event.message().type().isLoving() ? growth : 0.0,
                growth,
                1);
    }

    /** The sum of two contributions to the same cell. @throws IllegalArgumentException for different cells */
    public BucketContribution plus(BucketContribution other) {
        if (!region.equals(other.region) || !agentId.equals(other.agentId) || bucket != other.bucket) {
            throw new IllegalArgumentException("contributions of different cells cannot be added");
        }
        return new BucketContribution(
                region,
                agentId,
                bucket,
                impact + other.impact,
                loving + other.loving,
                weight + other.weight,
                count + other.count);
    }
}

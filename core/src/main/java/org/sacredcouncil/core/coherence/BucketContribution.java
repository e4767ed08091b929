package org.sacredcouncil.core.coherence;

import org.sacredcouncil.core.event.MessageSent;

/**
 * One message's share of a (region, bucket) cell, anchored at the bucket's start: the unit that sharded
 * stores add up. Because it is anchored, adding contributions is plain addition (Firestore
 * {@code FieldValue.increment}), commutative and safe to apply in any order; {@link FieldAccumulator#add}
 * folds the stored sums back.
 */
public record BucketContribution(String region, long bucket, double impact, double loving, double weight,
                                 int count) {

    public static BucketContribution of(MessageSent event, CoherenceModel model) {
        long bucket = model.bucketOf(event.timeMillis());
        double growth = model.growth(model.bucketStart(bucket), event.timeMillis());
        return new BucketContribution(event.region(), bucket, event.impact() * growth,
                event.message().type().isLoving() ? growth : 0.0, growth, 1);
    }
}

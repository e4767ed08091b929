package org.sacredcouncil.core.scaling;

/**
 * The operator's hard limits for one function (from Terraform): the min count always within
 * [{@code minLow}, {@code minHigh}], the max count within [{@code maxLow}, {@code maxHigh}]. {@code minHigh <=
 * maxHigh} so that a min at its ceiling still fits under the max; {@code maxHigh} is what the connection budget
 * (max instances × pool) is computed from, so no decision can exceed it.
 */
public record ScalingBounds(int minLow, int minHigh, int maxLow, int maxHigh) {

    public ScalingBounds {
        if (minLow < 0 || minLow > minHigh) {
            throw new IllegalArgumentException("bounds need 0 <= minLow <= minHigh, were " + minLow + "/" + minHigh);
        }
        if (maxLow < 1 || maxLow > maxHigh) {
            throw new IllegalArgumentException("bounds need 1 <= maxLow <= maxHigh, were " + maxLow + "/" + maxHigh);
        }
        if (minHigh > maxHigh) {
            throw new IllegalArgumentException("bounds need minHigh <= maxHigh, were " + minHigh + "/" + maxHigh);
        }
    }

    int clampMin(long value) {
        return (int) Math.max(minLow, Math.min(minHigh, value));
    }

    int clampMax(long value) {
        return (int) Math.max(maxLow, Math.min(maxHigh, value));
    }

    public boolean contains(InstanceCounts counts) {
        return counts.min() >= minLow && counts.min() <= minHigh && counts.max() >= maxLow && counts.max() <= maxHigh;
    }
}

package org.sacredcouncil.core.coherence;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The coherence part of the field at one instant: global and per-region coherence, the love amplification,
 * and the decayed sums they came from (kept for diagnostics and for cross-checks).
 */
public record FieldReading(long atMillis, double globalCoherence, SortedMap<String, Double> regionCoherence,
                           double loveAmplification, double decayedImpact, int messagesInWindow) {

    public FieldReading {
        regionCoherence = Collections.unmodifiableSortedMap(new TreeMap<>(regionCoherence));
    }
}

package org.sacredcouncil.core.coherence;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The coherence part of the field at one instant: global and per-region coherence, the love amplification,
 * and the decayed sums they came from (kept for diagnostics and for cross-checks). {@code decayedImpact} is
 * the global {@code S}, each agent's share already capped ({@link CoherenceModel}).
 */
public record FieldReading(
        long atMillis,
        double globalCoherence,
        SortedMap<String, Double> regionCoherence,
        double loveAmplification,
        double decayedImpact,
        int messagesInWindow) {

    public FieldReading {
        // A private copy (TeaVM's class library lacks Collections.unmodifiableSortedMap). Treat as read-only.
        regionCoherence = new TreeMap<>(regionCoherence);
    }
}

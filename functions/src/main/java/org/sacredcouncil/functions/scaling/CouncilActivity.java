package org.sacredcouncil.functions.scaling;

import java.util.Map;
import java.util.TreeMap;

/**
 * The inputs the log gives the policy at one instant: messages per minute per region over the rate window, and
 * coherence (global and per region) as coherence last recorded it in {@code field_history}.
 */
public record CouncilActivity(
        Map<String, Double> ratePerRegion, double globalCoherence, Map<String, Double> coherencePerRegion) {

    public CouncilActivity {
        ratePerRegion = new TreeMap<>(ratePerRegion);
        coherencePerRegion = new TreeMap<>(coherencePerRegion);
    }

    /** A region's rate, or the council's (every region's together) for {@code null}. */
    public double rate(String region) {
        if (region == null) {
            return ratePerRegion.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
        }
        return ratePerRegion.getOrDefault(region, 0.0);
    }

    /** A region's coherence, falling back to the global one; NaN when nothing is recorded yet. */
    public double coherence(String region) {
        if (region == null) {
            return globalCoherence;
        }
        return coherencePerRegion.getOrDefault(region, globalCoherence);
    }
}

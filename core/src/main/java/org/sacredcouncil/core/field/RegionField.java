package org.sacredcouncil.core.field;

/** The field as seen in one region (or globally): coherence in [0, 1] and the agents present. */
public record RegionField(double coherence, int agents) {

    public RegionField {
        if (!(coherence >= 0.0 && coherence <= 1.0)) {
            throw new IllegalArgumentException("coherence must be within [0, 1], was " + coherence);
        }
        if (agents < 0) {
            throw new IllegalArgumentException("agents must not be negative, was " + agents);
        }
    }
}

package org.sacredcouncil.core.glyph;

/** A glyph suggested for a message, with its score in [0, 1] (higher fits better). */
public record GlyphRecommendation(Glyph glyph, double score) {

    public GlyphRecommendation {
        if (glyph == null) {
            throw new IllegalArgumentException("glyph must not be null");
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be within [0, 1], was " + score);
        }
    }
}

package org.sacredcouncil.core.glyph;

import java.util.List;

/**
 * One glyph of the catalog: a Unicode symbol, its unique lower-case name, a one-sentence meaning and the
 * keywords the recommender matches against.
 */
public record Glyph(String symbol, String name, String meaning, List<String> keywords) {

    public Glyph {
        requireText(symbol, "symbol");
        requireText(name, "name");
        requireText(meaning, "meaning");
        if (keywords == null || keywords.isEmpty()) {
            throw new IllegalArgumentException("glyph " + name + " needs at least one keyword");
        }
        for (String keyword : keywords) {
            if (keyword == null || keyword.isBlank()) {
                throw new IllegalArgumentException("glyph " + name + " has an empty keyword");
            }
        }
        keywords = List.copyOf(keywords);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("glyph " + what + " must not be empty");
        }
    }
}

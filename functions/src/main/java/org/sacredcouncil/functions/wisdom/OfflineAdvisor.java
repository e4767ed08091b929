package org.sacredcouncil.functions.wisdom;

import java.util.List;
import org.sacredcouncil.core.glyph.GlyphRecommendation;
import org.sacredcouncil.core.glyph.GlyphRecommender;
import org.sacredcouncil.core.message.SacredMessage;

/** core's deterministic recommender: same message, same glyphs, so redeliveries agree. */
public final class OfflineAdvisor implements GlyphAdvisor {

    public static final int GLYPHS_PER_MESSAGE = 3;
    private final GlyphRecommender recommender;

    public OfflineAdvisor(GlyphRecommender recommender) {
        this.recommender = recommender;
    }

    @Override
    public GlyphAdvice advise(SacredMessage message) {
        List<String> glyphs = recommender.recommend(message.text(), message.type(), GLYPHS_PER_MESSAGE).stream()
                .map(GlyphRecommendation::glyph)
                .map(g -> g.symbol())
                .toList();
        return new GlyphAdvice(glyphs, null, "offline");
    }
}

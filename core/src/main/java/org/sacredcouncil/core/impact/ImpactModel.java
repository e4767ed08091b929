package org.sacredcouncil.core.impact;

import org.sacredcouncil.core.message.MessageType;

/**
 * The impact of one message on the field: deterministic, bounded to [-MAX_IMPACT, MAX_IMPACT].
 *
 * <pre>
 *   depth  = 0.6 + 0.4 * min(1, ln(1 + words) / ln(41))        // 1 word 0.68, 40+ words 1.0
 *   impact = base(type) * depth * love      when base(type) >= 0 // love strengthens what lifts
 *          = base(type) * depth / love      when base(type) &lt; 0  // and softens what weighs
 *   impact = clamp(impact, -MAX_IMPACT, MAX_IMPACT)
 * </pre>
 * A considered message counts more than a single word, but with diminishing returns so that length cannot
 * be used to shout. The heart computes it once, at send time, and the event carries it; every later fold
 * uses the recorded value, which is what keeps recomputation independent of order.
 */
public final class ImpactModel {

    public static final double MAX_IMPACT = 0.06;
    private static final double DEPTH_SATURATION = Math.log(41);

    private ImpactModel() {}

    public static double impactOf(MessageType type, String text, double loveAmplification) {
        if (type == null || text == null) {
            throw new IllegalArgumentException("type and text are required");
        }
        if (!(loveAmplification > 0) || Double.isInfinite(loveAmplification)) {
            throw new IllegalArgumentException("loveAmplification must be a positive finite number");
        }
        double depth = 0.6 + 0.4 * Math.min(1.0, Math.log(1 + wordCount(text)) / DEPTH_SATURATION);
        double base = type.baseImpact();
        double impact = base >= 0 ? base * depth * loveAmplification : base * depth / loveAmplification;
        return Math.max(-MAX_IMPACT, Math.min(MAX_IMPACT, impact));
    }

    static int wordCount(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}

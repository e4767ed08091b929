package org.sacredcouncil.functions.wisdom;

import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.functions.logging.StructuredLog;

/** The model first; on any failure (timeout, error status, unusable answer) the offline recommender. */
public final class FallbackAdvisor implements GlyphAdvisor {

    private static final StructuredLog LOG = StructuredLog.of("wisdom");
    private final GlyphAdvisor primary;
    private final OfflineAdvisor fallback;

    public FallbackAdvisor(GlyphAdvisor primary, OfflineAdvisor fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public GlyphAdvice advise(SacredMessage message) {
        try {
            return primary.advise(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("model failed; offline glyphs used", "messageId", message.id(), "error", e.toString());
        }
        return fallback.advise(message);
    }
}

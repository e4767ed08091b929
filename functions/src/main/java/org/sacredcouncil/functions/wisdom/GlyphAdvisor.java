package org.sacredcouncil.functions.wisdom;

import org.sacredcouncil.core.message.SacredMessage;

/** Chooses glyphs for a message. Implementations: the offline recommender and a chat-completions model. */
public interface GlyphAdvisor {

    /** @throws Exception when no advice could be had (the caller falls back) */
    GlyphAdvice advise(SacredMessage message) throws Exception;
}

package org.sacredcouncil.functions.wisdom;

import java.util.List;

/** Glyph symbols for a message, best first, an optional one-line reflection, and who gave them. */
public record GlyphAdvice(List<String> glyphs, String reflection, String source) {}

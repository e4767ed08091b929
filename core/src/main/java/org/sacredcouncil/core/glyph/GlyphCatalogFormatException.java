package org.sacredcouncil.core.glyph;

/** A line of a glyph catalog that cannot be read; the message starts with "line N: ". */
public final class GlyphCatalogFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public GlyphCatalogFormatException(int lineNumber, String problem) {
        super("line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }
}

package org.sacredcouncil.core.glyph;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.message.MessageType;

/**
 * The glyphs a message can carry, in catalog order, with the message types each glyph has an affinity with.
 *
 * <p>The catalog format is UTF-8 text, one glyph per line, tab separated:
 * {@code symbol, name, meaning, keywords (comma separated)[, message types (comma separated wire names)]}.
 * Blank lines and lines starting with {@code #} are ignored. Symbols and names are unique; names are
 * lower-case letters, digits and '-'.
 */
public final class GlyphCatalog {

    /** The resource next to this class that {@link #standard()} reads. */
    public static final String STANDARD_RESOURCE = "glyphs.tsv";

    private final List<Glyph> glyphs;
    private final Map<String, Glyph> bySymbol;
    private final Map<String, Glyph> byName;
    private final Map<String, List<MessageType>> affinities;

    private GlyphCatalog(List<Glyph> glyphs, Map<String, List<MessageType>> affinities) {
        if (glyphs.isEmpty()) {
            throw new IllegalArgumentException("a glyph catalog needs at least one glyph");
        }
        this.glyphs = List.copyOf(glyphs);
        this.bySymbol = new HashMap<>();
        this.byName = new HashMap<>();
        for (Glyph glyph : this.glyphs) {
            bySymbol.put(glyph.symbol(), glyph);
            byName.put(glyph.name(), glyph);
        }
        this.affinities = affinities;
    }

    /** The catalog shipped with core ({@value #STANDARD_RESOURCE}), read once. */
    public static GlyphCatalog standard() {
        return Standard.CATALOG;
    }

    /** Class initialisation gives a lazy, read-once catalog without locks of our own. */
    private static final class Standard {
        static final GlyphCatalog CATALOG = load();

        private static GlyphCatalog load() {
            InputStream in = GlyphCatalog.class.getResourceAsStream(STANDARD_RESOURCE);
            if (in == null) {
                throw new IllegalStateException("glyph catalog resource " + STANDARD_RESOURCE + " is missing");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return parse(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read glyph catalog " + STANDARD_RESOURCE, e);
            }
        }
    }

    /**
     * Reads a catalog.
     *
     * @throws GlyphCatalogFormatException for the first bad line, naming its number and what is wrong
     * @throws UncheckedIOException when the reader fails
     */
    public static GlyphCatalog parse(Reader reader) {
        if (reader == null) {
            throw new IllegalArgumentException("reader must not be null");
        }
        List<Glyph> glyphs = new ArrayList<>();
        Map<String, List<MessageType>> affinities = new HashMap<>();
        Map<String, Integer> symbolLines = new HashMap<>();
        Map<String, Integer> nameLines = new HashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        int lineNumber = 0;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.charAt(0) == '#') {
                    continue;
                }
                List<String> fields = split(line, '\t');
                if (fields.size() < 4 || fields.size() > 5) {
                    throw new GlyphCatalogFormatException(
                            lineNumber,
                            "expected 4 or 5 tab-separated fields"
                                    + " (symbol, name, meaning, keywords[, message types]) but found " + fields.size());
                }
                String symbol = requireField(fields.get(0), "symbol", lineNumber);
                String name = requireField(fields.get(1), "name", lineNumber);
                String meaning = requireField(fields.get(2), "meaning", lineNumber);
                checkSymbol(symbol, lineNumber);
                checkName(name, lineNumber);
                List<String> keywords = keywords(fields.get(3), lineNumber);
                List<MessageType> types = fields.size() == 5 ? types(fields.get(4), lineNumber) : List.of();
                Integer earlier = symbolLines.get(symbol);
                if (earlier != null) {
                    throw new GlyphCatalogFormatException(
                            lineNumber, "symbol " + symbol + " is already used on line " + earlier);
                }
                earlier = nameLines.get(name);
                if (earlier != null) {
                    throw new GlyphCatalogFormatException(
                            lineNumber, "name '" + name + "' is already used on line " + earlier);
                }
                symbolLines.put(symbol, lineNumber);
                nameLines.put(name, lineNumber);
                glyphs.add(new Glyph(symbol, name, meaning, keywords));
                affinities.put(name, types);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read glyph catalog after line " + lineNumber, e);
        }
        if (glyphs.isEmpty()) {
            throw new IllegalArgumentException("glyph catalog has no glyphs (" + lineNumber + " lines read)");
        }
        return new GlyphCatalog(glyphs, affinities);
    }

    /** All glyphs in catalog order (immutable). */
    public List<Glyph> all() {
        return glyphs;
    }

    public int size() {
        return glyphs.size();
    }

    /** The glyph with this symbol, or null. */
    public Glyph bySymbol(String symbol) {
        return symbol == null ? null : bySymbol.get(symbol);
    }

    /** The glyph with this name, or null. */
    public Glyph byName(String name) {
        return name == null ? null : byName.get(name);
    }

    /** The message types the glyph has an affinity with, in enum order; empty for glyphs not in this catalog. */
    public List<MessageType> affinities(Glyph glyph) {
        Glyph known = glyph == null ? null : byName.get(glyph.name());
        if (known == null || !known.equals(glyph)) {
            return List.of();
        }
        return affinities.get(glyph.name());
    }

    /** Whether the glyph has an affinity with the message type. */
    public boolean hasAffinity(Glyph glyph, MessageType type) {
        return type != null && affinities(glyph).contains(type);
    }

    /** The glyphs with an affinity to the type, in catalog order: the type's default glyphs. */
    public List<Glyph> withAffinity(MessageType type) {
        List<Glyph> result = new ArrayList<>();
        for (Glyph glyph : glyphs) {
            if (hasAffinity(glyph, type)) {
                result.add(glyph);
            }
        }
        return List.copyOf(result);
    }

    private static String requireField(String raw, String what, int lineNumber) {
        String value = raw.trim();
        if (value.isEmpty()) {
            throw new GlyphCatalogFormatException(lineNumber, "empty " + what);
        }
        return value;
    }

    private static void checkSymbol(String symbol, int lineNumber) {
        for (int i = 0; i < symbol.length(); i++) {
            if (Character.isWhitespace(symbol.charAt(i))) {
                throw new GlyphCatalogFormatException(lineNumber, "symbol '" + symbol + "' contains whitespace");
            }
        }
    }

    private static void checkName(String name, int lineNumber) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!allowed) {
                throw new GlyphCatalogFormatException(
                        lineNumber, "name '" + name + "' may only contain lower-case letters a-z, digits and '-'");
            }
        }
    }

    private static List<String> keywords(String raw, int lineNumber) {
        List<String> keywords = new ArrayList<>();
        List<String> parts = split(raw, ',');
        for (int i = 0; i < parts.size(); i++) {
            String keyword = parts.get(i).trim();
            if (keyword.isEmpty()) {
                throw new GlyphCatalogFormatException(lineNumber, "keyword " + (i + 1) + " is empty");
            }
            if (keywords.contains(keyword)) {
                throw new GlyphCatalogFormatException(lineNumber, "keyword '" + keyword + "' is listed twice");
            }
            keywords.add(keyword);
        }
        return keywords;
    }

    private static List<MessageType> types(String raw, int lineNumber) {
        List<MessageType> types = new ArrayList<>();
        if (raw.trim().isEmpty()) {
            return List.of();
        }
        for (String part : split(raw, ',')) {
            String wire = part.trim();
            MessageType type = MessageType.fromWire(wire);
            if (type == null) {
                throw new GlyphCatalogFormatException(
                        lineNumber, "unknown message type '" + wire + "' (known: " + MessageType.wireNames() + ")");
            }
            if (types.contains(type)) {
                throw new GlyphCatalogFormatException(lineNumber, "message type '" + wire + "' is listed twice");
            }
            types.add(type);
        }
        types.sort((a, b) -> Integer.compare(a.ordinal(), b.ordinal()));
        return List.copyOf(types);
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}

package org.sacredcouncil.core.glyph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.message.MessageType;

class GlyphCatalogTest {

    private final GlyphCatalog catalog = GlyphCatalog.standard();

    @Test
    void standardCatalogHasAtLeastFortyGlyphsWithUniqueSymbolsAndNames() {
        assertThat(catalog.size())
                .isGreaterThanOrEqualTo(40)
                .isEqualTo(catalog.all().size());
        Set<String> symbols = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Glyph glyph : catalog.all()) {
            assertThat(symbols.add(glyph.symbol()))
                    .as("symbol %s unique", glyph.symbol())
                    .isTrue();
            assertThat(names.add(glyph.name()))
                    .as("name %s unique", glyph.name())
                    .isTrue();
        }
    }

    @Test
    void everyDataLineOfTheShippedResourceBecomesAGlyph() throws IOException {
        int dataLines = 0;
        try (InputStream in = GlyphCatalog.class.getResourceAsStream(GlyphCatalog.STANDARD_RESOURCE)) {
            assertThat(in).as("resource " + GlyphCatalog.STANDARD_RESOURCE).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    dataLines++;
                    String symbol = line.substring(0, line.indexOf('\t'));
                    assertThat(catalog.bySymbol(symbol))
                            .as("glyph for line: %s", line)
                            .isNotNull();
                }
            }
        }
        assertThat(dataLines).isEqualTo(catalog.size());
    }

    @Test
    void everyGlyphHasAMeaningSentenceAndFiveToTenKeywords() {
        for (Glyph glyph : catalog.all()) {
            assertThat(glyph.meaning()).as(glyph.name()).endsWith(".").hasSizeGreaterThan(20);
            assertThat(glyph.keywords()).as(glyph.name()).hasSizeBetween(5, 10).doesNotHaveDuplicates();
            assertThat(glyph.symbol()).as(glyph.name()).doesNotContainAnyWhitespaces();
            assertThat(glyph.symbol().codePointAt(0))
                    .as("%s is a symbol, not ASCII", glyph.name())
                    .isGreaterThan(0x7F);
        }
    }

    @Test
    void everyMessageTypeHasSeveralDefaultGlyphs() {
        for (MessageType type : MessageType.values()) {
            assertThat(catalog.withAffinity(type)).as(type.wire()).hasSizeGreaterThanOrEqualTo(3);
        }
        Glyph gratitude = catalog.byName("gratitude");
        assertThat(catalog.affinities(gratitude)).containsExactly(MessageType.GRATITUDE);
        assertThat(catalog.hasAffinity(gratitude, MessageType.CONCERN)).isFalse();
        assertThat(catalog.hasAffinity(gratitude, null)).isFalse();
    }

    @Test
    void coversTheThemesMessagesTalkAbout() {
        for (String name : new String[] {
            "gratitude",
            "blessing",
            "healing",
            "candle",
            "cloud",
            "doubt",
            "question",
            "eye",
            "circle",
            "lightning",
            "gift",
            "arrow",
            "seedling",
            "fallen-leaf",
            "hourglass",
            "lion",
            "heart",
            "peace"
        }) {
            assertThat(catalog.byName(name)).as(name).isNotNull();
        }
    }

    @Test
    void looksUpBySymbolAndName() {
        Glyph sun = catalog.byName("sun");
        assertThat(sun.symbol()).isEqualTo("☀");
        assertThat(catalog.bySymbol("☀")).isSameAs(sun);
        assertThat(catalog.bySymbol("🜂").name()).isEqualTo("fire");
        assertThat(catalog.byName("no-such-glyph")).isNull();
        assertThat(catalog.bySymbol(null)).isNull();
    }

    @Test
    void isLoadedOnceAndImmutable() {
        assertThat(GlyphCatalog.standard()).isSameAs(catalog);
        assertThatThrownBy(() -> catalog.all().add(catalog.all().get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.all().get(0).keywords().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

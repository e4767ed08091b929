package org.sacredcouncil.core.glyph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.message.MessageType;

class GlyphCatalogParseTest {

    private static final String SUN = "☀\tsun\tLight returning.\tlight, warmth ,joy\tblessing,gratitude\n";
    private static final String MOON = "☽\tmoon\tQuiet reflection.\treflection,night\n";

    private static GlyphCatalog parse(String text) {
        return GlyphCatalog.parse(new StringReader(text));
    }

    private static GlyphCatalogFormatException failure(String text) {
        try {
            parse(text);
        } catch (GlyphCatalogFormatException e) {
            return e;
        }
        throw new AssertionError("expected a format error for: " + text);
    }

    @Test
    void readsGlyphsSkippingCommentsBlankLinesBomAndCarriageReturns() {
        GlyphCatalog catalog = parse("\uFEFF# header\n\n" + SUN.replace("\n", "\r\n") + "   \n" + MOON);
        assertThat(catalog.size()).isEqualTo(2);
        Glyph sun = catalog.bySymbol("☀");
        assertThat(sun)
                .isEqualTo(new Glyph("☀", "sun", "Light returning.", java.util.List.of("light", "warmth", "joy")));
        assertThat(catalog.affinities(sun)).containsExactly(MessageType.BLESSING, MessageType.GRATITUDE);
        assertThat(catalog.affinities(catalog.byName("moon"))).isEmpty();
        assertThat(catalog.all()).extracting(Glyph::name).containsExactly("sun", "moon");
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        GlyphCatalogFormatException e = failure(SUN + "# comment\n☽\tmoon\tno keywords\n");
        assertThat(e.lineNumber()).isEqualTo(3);
        assertThat(e)
                .hasMessageStartingWith("line 3: ")
                .hasMessageContaining("4 or 5")
                .hasMessageContaining("found 3");
        assertThat(failure(SUN + "a\tb\tc\td\tblessing\textra\n"))
                .hasMessageStartingWith("line 2: ")
                .hasMessageContaining("found 6");
    }

    @Test
    void emptyFieldsAreNamed() {
        assertThat(failure("☀\t \tmeaning.\tlight\n")).hasMessage("line 1: empty name");
        assertThat(failure(MOON + "☀\tsun\t\tlight\n")).hasMessage("line 2: empty meaning");
        assertThat(failure("☀\tsun\tLight.\tlight,,joy\n")).hasMessage("line 1: keyword 2 is empty");
    }

    @Test
    void duplicatesPointToTheFirstDefinition() {
        assertThat(failure(SUN + MOON + "☀\tsol\tAgain.\tlight\n"))
                .hasMessage("line 3: symbol ☀ is already used on line 1");
        assertThat(failure(SUN + MOON + "☉\tmoon\tAgain.\tlight\n"))
                .hasMessage("line 3: name 'moon' is already used on line 2");
        assertThat(failure("☀\tsun\tLight.\tlight,joy,light\n")).hasMessage("line 1: keyword 'light' is listed twice");
    }

    @Test
    void unknownMessageTypeListsTheKnownOnes() {
        GlyphCatalogFormatException e = failure(SUN + "☽\tmoon\tReflection.\tnight\tblessing,praise\n");
        assertThat(e.lineNumber()).isEqualTo(2);
        assertThat(e).hasMessageContaining("unknown message type 'praise'").hasMessageContaining("gratitude");
    }

    @Test
    void badNamesAndSymbolsAreRefused() {
        assertThat(failure("☀\tSun Glyph\tLight.\tlight\n")).hasMessageStartingWith("line 1: name 'Sun Glyph'");
        assertThat(failure("☀ ☀\tsun\tLight.\tlight\n")).hasMessageContaining("contains whitespace");
    }

    @Test
    void catalogWithoutGlyphsIsRefused() {
        assertThatThrownBy(() -> parse("# only a comment\n\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no glyphs");
        assertThatThrownBy(() -> GlyphCatalog.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.sacredcouncil.core.glyph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlyphTermsTest {

    @Test
    void lowerCasesSplitsOnNonLettersAndDropsStopWords() {
        assertThat(GlyphTerms.analyze("Thank YOU all, for this GIFT!!")).containsExactly("thank", "gift");
        assertThat(GlyphTerms.analyze("servers/fail--now 2026")).containsExactly("server", "fail", "2026");
        assertThat(GlyphTerms.analyze("  ...  ")).isEmpty();
        assertThat(GlyphTerms.analyze(null)).isEmpty();
    }

    @Test
    void apostrophesInsideWordsDoNotSplitThem() {
        assertThat(GlyphTerms.analyze("I don't know, we're lost")).containsExactly("know", "loss");
        assertThat(GlyphTerms.analyze("council\u2019s wisdom")).containsExactly("council", "wisdom");
    }

    @Test
    void gratitudeWordsMeet() {
        for (String word : new String[] {"grateful", "gratitude", "thanks", "thank", "thankful", "appreciation"}) {
            assertThat(GlyphTerms.stem(word)).as(word).isEqualTo("thank");
        }
    }

    @Test
    void pluralsAndInflectionsMeet() {
        assertThat(GlyphTerms.stem("glyphs")).isEqualTo(GlyphTerms.stem("glyph"));
        assertThat(GlyphTerms.stem("fears")).isEqualTo("fear");
        assertThat(GlyphTerms.stem("feared")).isEqualTo("fear");
        assertThat(GlyphTerms.stem("afraid")).isEqualTo("fear");
        assertThat(GlyphTerms.stem("memories")).isEqualTo("memory");
        assertThat(GlyphTerms.stem("blessings"))
                .isEqualTo(GlyphTerms.stem("blessing"))
                .isEqualTo(GlyphTerms.stem("blessed"))
                .isEqualTo("bless");
        assertThat(GlyphTerms.stem("beginnings")).isEqualTo(GlyphTerms.stem("begin"));
        assertThat(GlyphTerms.stem("hoping")).isEqualTo(GlyphTerms.stem("hope")).isEqualTo(GlyphTerms.stem("hopeful"));
        assertThat(GlyphTerms.stem("kindness")).isEqualTo("kind");
        assertThat(GlyphTerms.stem("worried"))
                .isEqualTo(GlyphTerms.stem("worries"))
                .isEqualTo("worry");
        assertThat(GlyphTerms.stem("courageous")).isEqualTo(GlyphTerms.stem("courage"));
    }

    @Test
    void shortWordsAndDoubledLettersSurvive() {
        assertThat(GlyphTerms.stem("bless")).isEqualTo("bless");
        assertThat(GlyphTerms.stem("falling")).isEqualTo("fall");
        assertThat(GlyphTerms.stem("need")).isEqualTo("need");
        assertThat(GlyphTerms.stem("ring")).isEqualTo("ring");
        assertThat(GlyphTerms.stem("focus")).isEqualTo("focus");
    }
}

package org.sacredcouncil.core.glyph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.message.MessageType;

class GlyphRecommenderTest {

    private final GlyphCatalog catalog = GlyphCatalog.standard();
    private final GlyphRecommender recommender = new GlyphRecommender(catalog);

    private static List<String> names(List<GlyphRecommendation> recommendations) {
        List<String> names = new ArrayList<>();
        for (GlyphRecommendation recommendation : recommendations) {
            names.add(recommendation.glyph().name());
        }
        return names;
    }

    private static void assertRanked(List<GlyphRecommendation> recommendations) {
        for (int i = 0; i < recommendations.size(); i++) {
            GlyphRecommendation current = recommendations.get(i);
            assertThat(current.score()).isBetween(0.0, 1.0);
            if (i > 0) {
                GlyphRecommendation previous = recommendations.get(i - 1);
                assertThat(current.score()).isLessThanOrEqualTo(previous.score());
                if (current.score() == previous.score()) {
                    assertThat(current.glyph().name())
                            .isGreaterThan(previous.glyph().name());
                }
            }
        }
    }

    @Test
    void thanksForAGiftGetsTheGratitudeGlyphFirst() {
        List<GlyphRecommendation> top = recommender.recommend("thank you all for this gift", MessageType.GRATITUDE, 3);
        assertThat(top).hasSize(3);
        assertThat(top.get(0).glyph().name()).isEqualTo("gratitude");
        assertThat(names(top)).contains("gift");
        assertRanked(top);
    }

    @Test
    void fearOfFailureGetsAFearOrCourageGlyph() {
        List<GlyphRecommendation> top =
                recommender.recommend("I am afraid the servers will fail", MessageType.CONCERN, 3);
        assertThat(top.get(0).glyph().name()).isEqualTo("cloud");
        assertThat(names(top)).contains("warning");
        assertThat(top.get(0).score()).isGreaterThan(top.get(2).score());
    }

    @Test
    void clearQueriesFindTheirGlyph() {
        assertThat(recommender
                        .recommend("We grieve the loss of our friend", MessageType.CONCERN, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("candle");
        assertThat(recommender
                        .recommend("I disagree strongly, this plan is wrong", MessageType.CONCERN, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("lightning");
        assertThat(recommender
                        .recommend("a new beginning for the project", MessageType.INTENTION, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("seedling");
        assertThat(recommender
                        .recommend("we must be patient and wait", MessageType.CONCERN, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("hourglass");
        assertThat(recommender
                        .recommend("healing after the outage", MessageType.BLESSING, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("healing");
    }

    @Test
    void theTextOutweighsTheType() {
        // The same words under another type still find the same glyph: the type only steers.
        assertThat(recommender
                        .recommend("so grateful, thanks everyone", MessageType.CONCERN, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("gratitude");
    }

    @Test
    void everyGlyphIsFoundByItsOwnKeywords() {
        for (Glyph glyph : catalog.all()) {
            String query = String.join(" ", glyph.keywords());
            assertThat(recommender.recommend(query, null, 1).get(0).glyph())
                    .as(query)
                    .isEqualTo(glyph);
        }
    }

    @Test
    void theTypeAloneStillLeadsToItsGlyphs() {
        assertThat(recommender
                        .recommend("", MessageType.QUESTION, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("question");
        assertThat(recommender
                        .recommend("", MessageType.GRATITUDE, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("gratitude");
        assertThat(recommender
                        .recommend("", MessageType.OFFERING, 1)
                        .get(0)
                        .glyph()
                        .name())
                .isEqualTo("gift");
    }

    @Test
    void everyTypeTermIsInTheVocabulary() {
        for (MessageType type : MessageType.values()) {
            for (String term : GlyphTerms.analyze(GlyphRecommender.typeTerms(type))) {
                assertThat(recommender.knows(term)).as(type + " term " + term).isTrue();
            }
        }
    }

    @Test
    void unmatchedTextFallsBackToTheTypeDefaultsWithLowScores() {
        int defaults = catalog.withAffinity(MessageType.INSIGHT).size();
        List<GlyphRecommendation> all = recommender.recommend("zzqx blorp", MessageType.INSIGHT, catalog.size());
        assertThat(all).hasSize(catalog.size());
        assertRanked(all);
        for (int i = 0; i < defaults; i++) {
            assertThat(catalog.hasAffinity(all.get(i).glyph(), MessageType.INSIGHT))
                    .as(all.get(i).toString())
                    .isTrue();
        }
        assertThat(all.get(defaults).score()).isLessThan(GlyphRecommender.AFFINITY_BOOST);
    }

    @Test
    void withNeitherMatchNorTypeAllScoresAreZeroInNameOrder() {
        List<GlyphRecommendation> top = recommender.recommend("zzqx blorp", null, 4);
        assertThat(top).extracting(GlyphRecommendation::score).containsOnly(0.0);
        List<String> sorted = new ArrayList<>();
        for (Glyph glyph : catalog.all()) {
            sorted.add(glyph.name());
        }
        sorted.sort(String::compareTo);
        assertThat(names(top)).isEqualTo(sorted.subList(0, 4));
    }

    @Test
    void emptyTextStillGetsKGlyphs() {
        for (MessageType type : MessageType.values()) {
            List<GlyphRecommendation> top = recommender.recommend("", type, 5);
            assertThat(top).hasSize(5);
            assertRanked(top);
        }
        assertThat(recommender.recommend("", null, 7)).hasSize(7);
    }

    @Test
    void sameInputSameOutputAcrossCallsAndInstances() {
        String text = "Thank you for the healing words; I was afraid, now I feel peace and hope.";
        List<GlyphRecommendation> first = recommender.recommend(text, MessageType.GRATITUDE, 10);
        for (int i = 0; i < 5; i++) {
            assertThat(recommender.recommend(text, MessageType.GRATITUDE, 10)).isEqualTo(first);
        }
        assertThat(new GlyphRecommender(catalog).recommend(text, MessageType.GRATITUDE, 10))
                .isEqualTo(first);
        assertThat(recommender.recommend(text, MessageType.GRATITUDE, 3)).isEqualTo(first.subList(0, 3));
        assertRanked(first);
    }

    @Test
    void kIsValidated() {
        assertThatThrownBy(() -> recommender.recommend("hi", MessageType.QUESTION, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be between 1 and " + catalog.size() + ", was 0");
        assertThatThrownBy(() -> recommender.recommend("hi", MessageType.QUESTION, catalog.size() + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was " + (catalog.size() + 1));
        assertThatThrownBy(() -> recommender.recommend(null, MessageType.QUESTION, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThat(recommender.recommend("hi", MessageType.QUESTION, catalog.size()))
                .hasSize(catalog.size());
    }

    private static GlyphCatalog tiny() {
        return GlyphCatalog.parse(new StringReader(""
                + "☀\talpha\tGamma shared.\tbeta\tblessing\n"
                + "☽\tdelta\tShared epsilon.\tzeta\tconcern\n"
                + "✦\teta\tShared theta.\tiota\n"));
    }

    @Test
    void aQueryEqualToTheDocumentHasCosineOne() {
        // Document "alpha": name and keyword count twice, the meaning once: alpha 2, beta 2, gamma 1, shared 1.
        GlyphRecommender tiny = new GlyphRecommender(tiny());
        List<GlyphRecommendation> plain = tiny.recommend("alpha alpha beta beta gamma shared", null, 3);
        assertThat(plain.get(0).glyph().name()).isEqualTo("alpha");
        assertThat(plain.get(0).score()).isCloseTo(1.0 - GlyphRecommender.AFFINITY_BOOST, within(1e-6));
        List<GlyphRecommendation> boosted =
                tiny.recommend("alpha alpha beta beta gamma shared", MessageType.BLESSING, 3);
        assertThat(boosted.get(0).score()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void rareTermsWeighMoreThanCommonOnes() {
        // "shared" is in every document (idf 1), "theta" only in eta's (idf 1 + ln 3).
        GlyphRecommender tiny = new GlyphRecommender(tiny());
        List<GlyphRecommendation> ranked = tiny.recommend("shared theta", null, 3);
        assertThat(names(ranked)).containsExactly("eta", "alpha", "delta");
        assertThat(ranked.get(1).score()).isEqualTo(ranked.get(2).score()).isGreaterThan(0.0);
        double idfRare = 1.0 + Math.log(3.0);
        double idfCommon = 1.0;
        // Query vector (ln2 * 1, ln2 * idfRare) normalised; alpha's document has "shared" at ln2 * 1 among
        // alpha ln3 * idf(alpha), beta ln3 * idf(beta), gamma ln2 * idf(gamma).
        double q = Math.sqrt(idfCommon * idfCommon + idfRare * idfRare);
        double lnTwo = Math.log(2.0);
        double lnThree = Math.log(3.0);
        double alphaNorm = Math.sqrt(
                2 * Math.pow(lnThree * idfRare, 2) + Math.pow(lnTwo * idfRare, 2) + Math.pow(lnTwo * idfCommon, 2));
        double expectedAlpha =
                (idfCommon / q) * (lnTwo * idfCommon / alphaNorm) * (1.0 - GlyphRecommender.AFFINITY_BOOST);
        assertThat(ranked.get(1).score()).isCloseTo(expectedAlpha, within(2e-6));
    }

    @Test
    void theAffinityBoostBreaksOtherwiseEqualMatches() {
        GlyphRecommender tiny = new GlyphRecommender(tiny());
        assertThat(names(tiny.recommend("shared", null, 3))).containsExactly("alpha", "delta", "eta");
        assertThat(names(tiny.recommend("shared", MessageType.CONCERN, 3))).containsExactly("delta", "alpha", "eta");
    }
}

package org.sacredcouncil.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.Origin;

class CoherenceRouterTest {

    private static final Origin EU = new Origin("eu", "https://eu.example", "europe-west1", true, 0.9);
    private static final Origin US = new Origin("us", "https://us.example", "us-central1", true, 0.3);
    private static final Origin ASIA = new Origin("asia", "https://asia.example", "asia-east1", true, 0.6);

    private final CoherenceRouter router = new CoherenceRouter(new RoutingPolicy(3.0, 250, 0.25));
    private final OriginObservations observations = new OriginObservations(new OutlierEjection(3, 30_000));

    /** A deterministic sequence spread evenly over [0, 1), so proportions are exact, not statistical. */
    private static RandomSource evenlySpread(int n) {
        int[] i = {0};
        return () -> (i[0]++ % n + 0.5) / n;
    }

    private Map<String, Integer> firstPicks(List<Origin> origins, String continent, int n) {
        RandomSource random = evenlySpread(n);
        Map<String, Integer> counts = new TreeMap<>();
        for (int k = 0; k < n; k++) {
            String id = router.plan(origins, observations, continent, 0, random)
                    .first()
                    .id();
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void firstPickIsProportionalToCoherence() {
        Map<String, Integer> counts = firstPicks(List.of(EU, US, ASIA), "", 1800);
        // weights 0.9 : 0.3 : 0.6 of 1.8
        assertThat(counts).containsEntry("eu", 900).containsEntry("us", 300).containsEntry("asia", 600);
    }

    @Test
    void regionAffinityMultipliesTheNearOriginsWeight() {
        Map<String, Integer> counts = firstPicks(List.of(EU, US), "NA", 1800);
        // us: 0.3 × 3 = 0.9 against eu 0.9
        assertThat(counts.get("us")).isEqualTo(900);
        assertThat(counts.get("eu")).isEqualTo(900);
    }

    @Test
    void unhealthyOriginsAreNeverChosen() {
        Origin sickEu = new Origin("eu", "https://eu.example", "europe-west1", false, 0.99);
        RoutePlan plan = router.plan(List.of(sickEu, US), observations, "EU", 0, () -> 0.0);
        assertThat(plan.origins()).extracting(Origin::id).containsExactly("us");
    }

    @Test
    void restOfThePlanIsFailoverOrderByWeight() {
        RoutePlan plan = router.plan(List.of(US, ASIA, EU), observations, "", 0, () -> 0.99);
        // 0.99 of the cumulative weight (sorted eu, asia, us) lands on us; the rest by weight
        assertThat(plan.origins()).extracting(Origin::id).containsExactly("us", "eu", "asia");
        assertThat(plan.retryAfter(0).id()).isEqualTo("eu");
        assertThat(plan.retryAfter(2)).isNull();
    }

    @Test
    void ejectedOriginIsSkippedUntilTheEjectionEnds() {
        for (int i = 0; i < 3; i++) {
            observations.requestStarted("eu");
            observations.requestFailed("eu", 5, 1_000);
        }
        assertThat(router.plan(List.of(EU, US), observations, "", 1_000, () -> 0.0)
                        .origins())
                .extracting(Origin::id)
                .containsExactly("us");
        assertThat(router.plan(List.of(EU, US), observations, "", 30_999, () -> 0.0)
                        .origins())
                .extracting(Origin::id)
                .containsExactly("us");
        assertThat(router.plan(List.of(EU, US), observations, "", 31_000, () -> 0.0)
                        .origins())
                .extracting(Origin::id)
                .containsExactly("eu", "us");
    }

    @Test
    void allWeightsZeroFallsBackToFailoverOrderNearFirstThenById() {
        Origin a = new Origin("a", "https://a.example", "us-east1", true, 0.0);
        Origin b = new Origin("b", "https://b.example", "europe-west4", true, 0.0);
        Origin c = new Origin("c", "https://c.example", "europe-west1", true, 0.0);
        RoutePlan plan = router.plan(List.of(a, b, c), observations, "EU", 0, () -> 0.7);
        assertThat(plan.origins()).extracting(Origin::id).containsExactly("b", "c", "a");
    }

    @Test
    void noUsableOriginGivesAnEmptyPlan() {
        Origin sick = new Origin("x", "https://x.example", "", false, 1.0);
        RoutePlan plan = router.plan(List.of(sick), observations, "", 0, () -> 0.5);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.first()).isNull();
        assertThat(router.plan(List.of(), observations, "", 0, () -> 0.5).isEmpty())
                .isTrue();
    }

    @Test
    void slowAndBusyOriginsLoseWeight() {
        observations.requestStarted("eu");
        observations.requestSucceeded("eu", 1000, 0);
        assertThat(router.weight(EU, observations.of("eu"), "")).isCloseTo(0.9 * 250 / 1000.0, within(1e-12));
        observations.requestStarted("us");
        observations.requestStarted("us");
        assertThat(router.weight(US, observations.of("us"), "")).isCloseTo(0.3 / 1.5, within(1e-12));
    }

    @Test
    void aRandomSourceOutsideTheUnitIntervalStillPicksAUsableOrigin() {
        assertThat(router.plan(List.of(EU, US), observations, "", 0, () -> 1.0).first())
                .isNotNull();
        assertThat(router.plan(List.of(EU, US), observations, "", 0, () -> -3.0)
                        .first()
                        .id())
                .isEqualTo("eu");
    }
}

package org.sacredcouncil.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.Origin;

/**
 * The rule that joins probes and passive ejection (docs/observability.md#origin-health): routed to when the last
 * probe did not fail and not ejected; N faults eject; a successful probe ends an ejection and a probe-down.
 */
class OriginHealthRuleTest {

    private static final Origin EU = new Origin("eu", "https://eu.example", "europe-west1", true, 0.9);
    private static final Origin US = new Origin("us", "https://us.example", "us-central1", true, 0.3);

    private final OriginObservations observations = new OriginObservations(new OutlierEjection(3, 30_000));
    private final CoherenceRouter router = new CoherenceRouter(new RoutingPolicy(3.0, 250, 0.25));

    private List<String> plan(long now) {
        return router.plan(List.of(EU, US), observations, "", now, () -> 0.0).origins().stream()
                .map(Origin::id)
                .toList();
    }

    private void fault(String id, long now) {
        observations.requestStarted(id);
        observations.requestFailed(id, 5, now);
    }

    @Test
    void aFailedProbeTakesTheOriginOutUntilAProbeSucceeds() {
        assertThat(observations.probeFailed("eu")).isTrue();
        assertThat(observations.probeFailed("eu")).as("already down").isFalse();
        assertThat(observations.isRoutable("eu", 0)).isFalse();
        assertThat(plan(0)).containsExactly("us");
        assertThat(plan(3_600_000)).as("time alone does not bring it back").containsExactly("us");
        assertThat(observations.probeSucceeded("eu", 10)).isTrue();
        assertThat(plan(10)).containsExactly("eu", "us");
    }

    @Test
    void aSuccessfulProbeEndsAnEjectionEarlyWithFreshChances() {
        fault("eu", 100);
        fault("eu", 100);
        fault("eu", 100);
        assertThat(observations.isEjected("eu", 200)).isTrue();
        assertThat(plan(200)).containsExactly("us");
        assertThat(observations.probeSucceeded("eu", 5_000)).isTrue();
        assertThat(observations.isRoutable("eu", 5_000)).isTrue();
        assertThat(plan(5_000)).containsExactly("eu", "us");
        fault("eu", 5_001);
        fault("eu", 5_002);
        assertThat(observations.isEjected("eu", 5_002))
                .as("the failure count started again")
                .isFalse();
        assertThat(observations.probeSucceeded("eu", 5_003))
                .as("nothing to change")
                .isFalse();
    }

    @Test
    void aProbeDoesNotTouchThePassiveRecord() {
        fault("eu", 1);
        fault("eu", 2);
        observations.probeFailed("eu");
        assertThat(observations.of("eu").consecutiveFailures()).isEqualTo(2);
        assertThat(observations.isEjected("eu", 3)).isFalse();
    }

    @Test
    void whenEveryOriginIsProbeDownProbesAreIgnoredNotEveryClientPaused() {
        observations.probeFailed("eu");
        observations.probeFailed("us");
        assertThat(plan(0)).containsExactly("eu", "us");
        fault("us", 1);
        fault("us", 1);
        fault("us", 1);
        assertThat(plan(2)).as("passive ejection still applies").containsExactly("eu");
    }

    @Test
    void neverProbedCountsAsProbeHealthy() {
        assertThat(observations.isRoutable("eu", 0)).isTrue();
        assertThat(plan(0)).containsExactly("eu", "us");
    }
}

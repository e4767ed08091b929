package org.sacredcouncil.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginObservationsTest {

    private final OriginObservations observations = new OriginObservations(new OutlierEjection(3, 10_000));

    @Test
    void ejectsAfterNConsecutiveFailuresAndNotBefore() {
        assertThat(fail("eu", 100)).isFalse();
        assertThat(fail("eu", 200)).isFalse();
        assertThat(observations.of("eu").consecutiveFailures()).isEqualTo(2);
        assertThat(fail("eu", 300)).isTrue();
        assertThat(observations.isEjected("eu", 300)).isTrue();
        assertThat(observations.isEjected("eu", 10_299)).isTrue();
        assertThat(observations.isEjected("eu", 10_300)).isFalse();
        assertThat(observations.of("eu").ejections()).isEqualTo(1);
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        fail("eu", 1);
        fail("eu", 2);
        observations.requestStarted("eu");
        observations.requestSucceeded("eu", 10, 3);
        assertThat(fail("eu", 4)).isFalse();
        assertThat(fail("eu", 5)).isFalse();
        assertThat(observations.isEjected("eu", 5)).isFalse();
    }

    @Test
    void afterTheEjectionEndsTheOriginGetsNFreshChances() {
        fail("eu", 0);
        fail("eu", 0);
        fail("eu", 0);
        assertThat(fail("eu", 10_000)).isFalse();
        assertThat(fail("eu", 10_001)).isFalse();
        assertThat(fail("eu", 10_002)).isTrue();
        assertThat(observations.of("eu").ejectedUntilMillis()).isEqualTo(20_002);
    }

    @Test
    void tracksInFlightAndEwmaLatency() {
        observations.requestStarted("us");
        observations.requestStarted("us");
        assertThat(observations.of("us").inFlight()).isEqualTo(2);
        observations.requestSucceeded("us", 100, 0);
        assertThat(observations.of("us").ewmaLatencyMillis()).isEqualTo(100);
        observations.requestSucceeded("us", 200, 0);
        assertThat(observations.of("us").ewmaLatencyMillis()).isCloseTo(0.3 * 200 + 0.7 * 100, within(1e-9));
        assertThat(observations.of("us").inFlight()).isZero();
        observations.requestSucceeded("us", 1, 0);
        assertThat(observations.of("us").inFlight()).isZero();
    }

    @Test
    void unknownOriginHasNoObservations() {
        assertThat(observations.of("nobody")).isEqualTo(OriginObservation.NONE);
        assertThat(observations.of("nobody").hasLatency()).isFalse();
    }

    @Test
    void millisUntilFirstReturnIsTheSoonestEjectionEnd() {
        for (int i = 0; i < 3; i++) {
            fail("a", 1_000);
            fail("b", 4_000);
        }
        assertThat(observations.millisUntilFirstReturn(List.of("a", "b"), 5_000))
                .isEqualTo(6_000);
        assertThat(observations.millisUntilFirstReturn(List.of("b"), 5_000)).isEqualTo(9_000);
        assertThat(observations.millisUntilFirstReturn(List.of("c"), 5_000)).isZero();
    }

    private boolean fail(String id, long now) {
        observations.requestStarted(id);
        return observations.requestFailed(id, 50, now);
    }
}

package org.sacredcouncil.core.pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PausePolicyTest {

    private final PausePolicy policy = new PausePolicy(new PauseConfig(0.3, 3_000, 10_000, 5_000, 0.2, 60_000));

    private static PauseInput input(boolean asked, boolean write, double coherence, boolean origin) {
        return new PauseInput(asked, write, coherence, origin, 0);
    }

    @Test
    void clientAskingForAPauseGets202WithoutJitterAtTheMiddleDraw() {
        PauseDecision d = policy.decide(input(true, false, 0.9, true), () -> 0.5);
        assertThat(d.kind()).isEqualTo(PauseKind.CLIENT_REQUESTED);
        assertThat(d.status()).isEqualTo(202);
        assertThat(d.durationMillis()).isEqualTo(3_000);
        assertThat(d.retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void clientPauseComesFirstEvenWithoutOrigins() {
        assertThat(policy.decide(input(true, true, 0.0, false), () -> 0.5).kind())
                .isEqualTo(PauseKind.CLIENT_REQUESTED);
    }

    @Test
    void lowCoherencePausesWritesButNotReads() {
        PauseDecision write = policy.decide(input(false, true, 0.29, true), () -> 0.5);
        assertThat(write.kind()).isEqualTo(PauseKind.LOW_COHERENCE);
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.durationMillis()).isEqualTo(10_000);
        assertThat(policy.decide(input(false, false, 0.29, true), () -> 0.5).paused())
                .isFalse();
        assertThat(policy.decide(input(false, true, 0.3, true), () -> 0.5).paused())
                .isFalse();
    }

    @Test
    void noOriginPausesReadsAndWritesForTheTimeUntilAnOriginReturns() {
        PauseDecision read = policy.decide(input(false, false, 0.9, false), () -> 0.5);
        assertThat(read.kind()).isEqualTo(PauseKind.NO_ORIGIN);
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.durationMillis()).isEqualTo(5_000);
        PauseDecision known = policy.decide(new PauseInput(false, true, 0.9, false, 12_345), () -> 0.5);
        assertThat(known.durationMillis()).isEqualTo(12_345);
        assertThat(known.retryAfterSeconds()).isEqualTo(13);
        PauseDecision capped = policy.decide(new PauseInput(false, true, 0.9, false, 600_000), () -> 0.99);
        assertThat(capped.durationMillis()).isEqualTo(60_000);
    }

    @Test
    void jitterStaysWithinItsBoundsAndSpreadsClients() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            double r = i / 1000.0;
            long d = policy.decide(input(true, false, 0.9, true), () -> r).durationMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isEqualTo(2_400);
        assertThat(max).isBetween(3_590L, 3_600L);
    }

    @Test
    void aBrokenRandomSourceCannotBreakTheBound() {
        assertThat(policy.decide(input(true, false, 0.9, true), () -> 7.0).durationMillis())
                .isEqualTo(3_000);
        assertThat(policy.decide(input(true, false, 0.9, true), () -> Double.NaN)
                        .durationMillis())
                .isEqualTo(3_000);
    }

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
        assertThat(PauseDecision.of(PauseKind.CLIENT_REQUESTED, 1).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(PauseDecision.of(PauseKind.CLIENT_REQUESTED, 1000).retryAfterSeconds())
                .isEqualTo(1);
        assertThat(PauseDecision.of(PauseKind.CLIENT_REQUESTED, 1001).retryAfterSeconds())
                .isEqualTo(2);
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new PauseConfig(1.5, 1, 1, 1, 0.1, 10)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new PauseConfig(0.3, 1, 1, 1, 1.0, 10)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new PauseConfig(0.3, 0, 1, 1, 0.1, 10)).hasMessageContaining("durations");
    }

    @Test
    void lowCoherenceStillAdmitsTheWritesThatHeal() {
        assertThat(policy.decide(new PauseInput(false, true, 0.01, true, 0, true), () -> 0.5)
                        .paused())
                .isFalse();
        assertThat(policy.decide(new PauseInput(false, true, 0.01, true, 0, false), () -> 0.5)
                        .kind())
                .isEqualTo(PauseKind.LOW_COHERENCE);
        // healing does not get past the other pauses
        assertThat(policy.decide(new PauseInput(false, true, 0.01, false, 0, true), () -> 0.5)
                        .kind())
                .isEqualTo(PauseKind.NO_ORIGIN);
        assertThat(policy.decide(new PauseInput(true, true, 0.01, true, 0, true), () -> 0.5)
                        .kind())
                .isEqualTo(PauseKind.CLIENT_REQUESTED);
    }

    @Test
    void theNamedInputsSayWhatTheEdgeKnowsAtEachOfItsThreeDecisions() {
        assertThat(policy.decide(PauseInput.askedByClient(true, 0.0), () -> 0.5).kind())
                .isEqualTo(PauseKind.CLIENT_REQUESTED);
        PauseDecision noOrigin = policy.decide(PauseInput.noOriginAvailable(false, 0.9, 12_345), () -> 0.5);
        assertThat(noOrigin.kind()).isEqualTo(PauseKind.NO_ORIGIN);
        assertThat(noOrigin.durationMillis()).isEqualTo(12_345);
        assertThat(policy.decide(PauseInput.noOriginAvailable(true, 0.9, 0), () -> 0.5)
                        .durationMillis())
                .as("unknown return time: the configured no-origin pause")
                .isEqualTo(5_000);
        assertThat(policy.decide(PauseInput.routable(true, 0.29, false), () -> 0.5)
                        .kind())
                .isEqualTo(PauseKind.LOW_COHERENCE);
        assertThat(policy.decide(PauseInput.routable(true, 0.29, true), () -> 0.5)
                        .paused())
                .as("a healing write passes the low-coherence pause")
                .isFalse();
        assertThat(policy.decide(PauseInput.routable(false, 0.29, false), () -> 0.5)
                        .paused())
                .isFalse();
    }
}

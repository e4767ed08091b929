package org.sacredcouncil.core.coherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

class CoherenceModelTest {

    private final CoherenceModel model = CoherenceModel.DEFAULT;
    private static final long NOW = 1_795_000_000_000L;

    @Test
    void silenceMeansBaseline() {
        assertThat(model.coherence(0)).isCloseTo(model.baseline(), within(1e-15));
        assertThat(FieldRecompute.read(List.of(), NOW, model).globalCoherence()).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void coherenceStaysWithinZeroAndOneForHugeSums() {
        assertThat(model.coherence(1e6)).isBetween(0.0, 1.0);
        assertThat(model.coherence(-1e6)).isBetween(0.0, 1.0);
        assertThat(model.afterImpact(1.0, 0.06)).isBetween(0.0, 1.0);
        assertThat(model.afterImpact(0.0, -0.06)).isBetween(0.0, 1.0);
    }

    @Test
    void anImpactHalvesEveryHalfLifeTowardTheBaseline() {
        MessageSent lift = message("a", NOW, 0.05);
        double atOnce = FieldRecompute.read(List.of(lift), NOW, model).decayedImpact();
        double later = FieldRecompute.read(List.of(lift), NOW + model.halfLifeMillis(), model)
                .decayedImpact();
        assertThat(atOnce).isCloseTo(0.05, within(1e-12));
        assertThat(later).isCloseTo(0.025, within(1e-12));
        double c1 = FieldRecompute.read(List.of(lift), NOW, model).globalCoherence();
        double c2 = FieldRecompute.read(List.of(lift), NOW + 5 * model.halfLifeMillis(), model)
                .globalCoherence();
        assertThat(c1).isGreaterThan(c2);
        assertThat(c2).isGreaterThan(model.baseline());
    }

    @Test
    void eventsOutsideTheWindowDoNotCount() {
        long tooOld = NOW - model.windowMillis() - model.bucketMillis();
        long nextBucket = model.windowEnd(NOW);
        assertThat(model.counts(tooOld, NOW)).isFalse();
        assertThat(model.counts(nextBucket, NOW)).isFalse();
        assertThat(model.counts(model.windowStart(NOW), NOW)).isTrue();
        assertThat(model.counts(nextBucket - 1, NOW)).isTrue();
        FieldReading reading = FieldRecompute.read(List.of(message("old", tooOld, 0.05)), NOW, model);
        assertThat(reading.messagesInWindow()).isZero();
    }

    @Test
    void afterImpactMatchesFoldingTheImpactNow() {
        FieldAccumulator acc = new FieldAccumulator(model);
        acc.apply(message("a", NOW - 90_000, 0.03), NOW);
        double before = acc.read(NOW).globalCoherence();
        acc.apply(message("b", NOW, 0.02), NOW);
        assertThat(model.afterImpact(before, 0.02)).isCloseTo(acc.read(NOW).globalCoherence(), within(1e-12));
    }

    @Test
    void loveAmplificationGrowsWithLovingMessagesAndIsBounded() {
        FieldAccumulator acc = new FieldAccumulator(model);
        assertThat(acc.read(NOW).loveAmplification()).isEqualTo(1.0);
        for (int i = 0; i < 1000; i++) {
            acc.apply(message("m" + i, NOW - i, 0.01), NOW);
        }
        double love = acc.read(NOW).loveAmplification();
        assertThat(love).isGreaterThan(1.4).isLessThan(1.0 + model.loveGain());
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> new CoherenceModel(1.0, 1, 1, 1, 1, 0, 1)).hasMessageContaining("baseline");
        assertThatThrownBy(() -> new CoherenceModel(0.5, 0, 1, 1, 1, 0, 1)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new CoherenceModel(0.5, 1, 1, 1, 1, 0, 0)).hasMessageContaining("agentCap");
        assertThatThrownBy(() -> new CoherenceModel(0.5, 1, 1, 1, 1, 0, Double.NaN))
                .hasMessageContaining("agentCap");
    }

    @Test
    void anAgentsSumIsCappedOnlyOnceComplete() {
        // three messages of one agent past the cap count as the cap; spread over two regions they are one sum
        List<MessageSent> loud = List.of(message("a", NOW, 0.06), message("b", NOW, 0.06), message("c", NOW, 0.06));
        assertThat(FieldRecompute.read(loud, NOW, model).decayedImpact()).isCloseTo(model.agentCap(), within(1e-15));
        MessageSent lift = message("d", NOW, 0.06);
        MessageSent weigh = new MessageSent(
                "e",
                NOW,
                new SacredMessage("e", "agent-1", MessageType.CONCERN, "x", "us-central1", NOW),
                -0.06,
                0.5,
                0.5,
                1.0);
        assertThat(FieldRecompute.read(List.of(lift, weigh), NOW, model).decayedImpact())
                .isCloseTo(0.0, within(1e-15));
    }

    @Test
    void mergingTheSameEventTwiceIsRefused() {
        FieldAccumulator a = new FieldAccumulator(model);
        FieldAccumulator b = new FieldAccumulator(model);
        MessageSent e = message("same", NOW, 0.01);
        a.apply(e, NOW);
        b.apply(e, NOW);
        assertThatThrownBy(() -> a.merge(b)).hasMessageContaining("same");
    }

    @Test
    void evictionForgetsOldBucketsAndTheirIds() {
        FieldAccumulator acc = new FieldAccumulator(model);
        acc.apply(message("x", NOW, 0.05), NOW);
        long much = NOW + model.windowMillis() + model.bucketMillis();
        acc.evict(much);
        assertThat(acc.size()).isZero();
        assertThat(acc.read(much).globalCoherence()).isCloseTo(model.baseline(), within(1e-15));
    }

    static MessageSent message(String id, long time, double impact) {
        SacredMessage m = new SacredMessage(id, "agent-1", MessageType.BLESSING, "bless", "europe-west1", time);
        return new MessageSent(id, time, m, impact, 0.5, 0.5, 1.0);
    }
}

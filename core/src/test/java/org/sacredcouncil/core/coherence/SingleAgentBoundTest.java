package org.sacredcouncil.core.coherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.sacredcouncil.core.coherence.RandomHistories.NOW;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.pause.PauseConfig;

/**
 * Issue 12, "no single agent can pause the council": over seeded random histories, adding or removing all
 * of one agent's messages moves the decayed sum by at most {@code agentCap} and coherence (global and every
 * region's) by at most {@link CoherenceModel#maxSingleAgentShift()}; one agent alone, however loud, cannot
 * bring the baseline under the pause threshold; and a broad council still moves the field.
 */
class SingleAgentBoundTest {

    private static final double EPS = 1e-12;
    private final CoherenceModel model = CoherenceModel.DEFAULT;

    @Test
    void theStatedParametersKeepOneAgentAboveThePauseThreshold() {
        double threshold = PauseConfig.DEFAULT.coherenceThreshold();
        assertThat(model.singleAgentFloor()).isGreaterThan(threshold);
        assertThat(model.baseline() - model.maxSingleAgentShift()).isGreaterThan(threshold);
        assertThat(model.maxSingleAgentShift())
                .isCloseTo(Math.tanh(model.gain() * model.agentCap() / 4), within(1e-15));
    }

    @Test
    void noAgentAloneMovesCoherenceByMoreThanTheBound() {
        Worst worst = worstSingleAgentShift(model, new Random(1212L), 1500);
        assertThat(worst.sum).as("largest shift of S by one agent").isLessThanOrEqualTo(model.agentCap() + EPS);
        assertThat(worst.coherence)
                .as("largest shift of a coherence by one agent")
                .isLessThanOrEqualTo(model.maxSingleAgentShift() + EPS);
        // The histories do push agents to their cap: the bound is reached, not vacuous.
        assertThat(worst.sum).isGreaterThan(0.99 * model.agentCap());
        assertThat(worst.coherence).isGreaterThan(0.5 * model.maxSingleAgentShift());
    }

    @Test
    void withoutTheCapTheSamePropertyFails() {
        // The old model (a bare sum) is the same formulas with an infinite cap: one flooder moves the field
        // without bound, so the check above has teeth.
        CoherenceModel uncapped = model.withAgentCap(Double.POSITIVE_INFINITY);
        Worst worst = worstSingleAgentShift(uncapped, new Random(1212L), 300);
        assertThat(worst.coherence).isGreaterThan(model.maxSingleAgentShift());
    }

    @Test
    void theMeasuredFloodOf2703ConcernsIn20SecondsLeavesTheCouncilOpen() {
        // issue 12: one agent, 2,703 concerns in 20 s; the old model fell to 2.5e-11
        List<MessageSent> flood = new ArrayList<>();
        for (int i = 0; i < 2703; i++) {
            flood.add(message("c" + i, "loud-agent", MessageType.CONCERN, NOW - 20_000 + i * 7L, -0.03));
        }
        FieldReading batch = FieldRecompute.read(flood, NOW, model);
        FieldAccumulator incremental = new FieldAccumulator(model);
        flood.forEach(e -> incremental.apply(e, NOW));
        double threshold = PauseConfig.DEFAULT.coherenceThreshold();
        assertThat(batch.globalCoherence())
                .isGreaterThanOrEqualTo(model.singleAgentFloor() - EPS)
                .isGreaterThan(threshold);
        assertThat(batch.regionCoherence().get("europe-west1")).isGreaterThan(threshold);
        assertThat(incremental.read(NOW).globalCoherence()).isGreaterThan(threshold);
    }

    @Test
    void oneAgentAloneNeverReachesThePauseThresholdWhateverItSends() {
        Random random = new Random(5L);
        RandomHistories gen = new RandomHistories(model, random);
        double threshold = PauseConfig.DEFAULT.coherenceThreshold();
        for (int trial = 0; trial < 300; trial++) {
            List<MessageSent> events = new ArrayList<>();
            int count = 1 + random.nextInt(400);
            for (int i = 0; i < count; i++) {
                MessageType type = random.nextInt(4) == 0 ? gen.randomType() : MessageType.CONCERN;
                events.add(gen.message("only-agent", type, random.nextBoolean() ? gen.recentTime() : gen.spreadTime()));
            }
            FieldReading reading = FieldRecompute.read(events, NOW, model);
            assertThat(reading.globalCoherence()).as("trial " + trial).isGreaterThan(threshold);
            reading.regionCoherence().values().forEach(c -> assertThat(c).isGreaterThan(threshold));
        }
    }

    @Test
    void aBroadCouncilStillMovesTheFieldBothWays() {
        List<MessageSent> worried = new ArrayList<>();
        List<MessageSent> blessing = new ArrayList<>();
        for (int agent = 0; agent < 40; agent++) {
            for (int i = 0; i < 3; i++) {
                long time = NOW - 60_000L * (agent % 5) - i * 1000L;
                worried.add(message("w" + agent + "-" + i, "agent-" + agent, MessageType.CONCERN, time, -0.024));
                blessing.add(message("b" + agent + "-" + i, "agent-" + agent, MessageType.BLESSING, time, 0.032));
            }
        }
        // forty agents with three ordinary messages each: the council can pause itself, and lift itself
        assertThat(FieldRecompute.read(worried, NOW, model).globalCoherence())
                .isLessThan(PauseConfig.DEFAULT.coherenceThreshold());
        assertThat(FieldRecompute.read(blessing, NOW, model).globalCoherence()).isGreaterThan(0.9);
        // and a few agents' ordinary messages are not capped at all
        List<MessageSent> few = worried.subList(0, 6);
        assertThat(FieldRecompute.read(few, NOW, model).decayedImpact())
                .isCloseTo(
                        FieldRecompute.read(few, NOW, model.withAgentCap(Double.POSITIVE_INFINITY))
                                .decayedImpact(),
                        within(1e-15));
    }

    private record Worst(double sum, double coherence) {}

    /**
     * For each history, takes up to five of its agents (every flooder among them) and compares the field
     * with and without all of that agent's messages: global S, global coherence and every region's.
     */
    private static Worst worstSingleAgentShift(CoherenceModel model, Random random, int trials) {
        RandomHistories gen = new RandomHistories(model, random);
        double worstSum = 0;
        double worstCoherence = 0;
        for (int trial = 0; trial < trials; trial++) {
            List<MessageSent> events = gen.any(300);
            TreeSet<String> agents = new TreeSet<>();
            events.forEach(e -> agents.add(e.message().agentId()));
            List<String> picked = new ArrayList<>();
            for (String agent : agents) {
                if (agent.startsWith("flooder")) {
                    picked.add(agent);
                }
            }
            List<String> all = new ArrayList<>(agents);
            while (picked.size() < 5 && picked.size() < all.size()) {
                String agent = all.get(random.nextInt(all.size()));
                if (!picked.contains(agent)) {
                    picked.add(agent);
                }
            }
            FieldReading with = FieldRecompute.read(events, NOW, model);
            for (String agent : picked) {
                List<MessageSent> others = new ArrayList<>();
                for (MessageSent e : events) {
                    if (!e.message().agentId().equals(agent)) {
                        others.add(e);
                    }
                }
                FieldReading without = FieldRecompute.read(others, NOW, model);
                worstSum = Math.max(worstSum, Math.abs(with.decayedImpact() - without.decayedImpact()));
                worstCoherence = Math.max(worstCoherence, Math.abs(with.globalCoherence() - without.globalCoherence()));
                TreeSet<String> regions = new TreeSet<>(with.regionCoherence().keySet());
                regions.addAll(without.regionCoherence().keySet());
                for (String region : regions) {
                    // a region without messages reads as the baseline (FieldComposer does the same)
                    double a = with.regionCoherence().getOrDefault(region, model.baseline());
                    double b = without.regionCoherence().getOrDefault(region, model.baseline());
                    worstCoherence = Math.max(worstCoherence, Math.abs(a - b));
                }
            }
        }
        return new Worst(worstSum, worstCoherence);
    }

    private static MessageSent message(String id, String agent, MessageType type, long time, double impact) {
        SacredMessage m = new SacredMessage(id, agent, type, "a message", "europe-west1", time);
        return new MessageSent(id, time, m, impact, 0.5, 0.5, 1.0);
    }
}

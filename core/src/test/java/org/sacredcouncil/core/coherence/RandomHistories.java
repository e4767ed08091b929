package org.sacredcouncil.core.coherence;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * Seeded random message histories for the field's property tests: a broad council of many agents, and the
 * same with one to three agents flooding it (a large share of all messages, one type, mostly recent, so
 * that their sums run far past the per-agent cap), with occasional duplicate deliveries.
 */
final class RandomHistories {

    static final String[] REGIONS = {"europe-west1", "us-central1", "asia-east1"};
    static final long NOW = 1_795_000_000_000L + 12_345;

    private final CoherenceModel model;
    private final Random random;
    private int serial;

    RandomHistories(CoherenceModel model, Random random) {
        this.model = model;
        this.random = random;
    }

    /** Messages of up to {@code agents} agents, ~5% of them redelivered duplicates. */
    List<MessageSent> broad(int count, int agents) {
        List<MessageSent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!events.isEmpty() && random.nextInt(20) == 0) {
                events.add(events.get(random.nextInt(events.size())));
            } else {
                events.add(message("agent-" + random.nextInt(agents), randomType(), spreadTime()));
            }
        }
        return events;
    }

    /** A broad council plus one to three flooding agents sending {@code floodShare} of all messages. */
    List<MessageSent> flooded(int count, int agents, double floodShare) {
        int flooders = 1 + random.nextInt(3);
        MessageType[] floodTypes = new MessageType[flooders];
        for (int f = 0; f < flooders; f++) {
            floodTypes[f] = random.nextInt(3) == 0
                    ? randomType()
                    : (random.nextBoolean() ? MessageType.CONCERN : MessageType.BLESSING);
        }
        List<MessageSent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!events.isEmpty() && random.nextInt(20) == 0) {
                events.add(events.get(random.nextInt(events.size())));
            } else if (random.nextDouble() < floodShare) {
                int f = random.nextInt(flooders);
                events.add(message("flooder-" + f, floodTypes[f], recentTime()));
            } else {
                events.add(message("agent-" + random.nextInt(agents), randomType(), spreadTime()));
            }
        }
        return events;
    }

    /** Either kind, chosen at random: what the agreement tests fold. */
    List<MessageSent> any(int maxCount) {
        int count = 1 + random.nextInt(maxCount);
        return random.nextBoolean()
                ? broad(count, 1 + random.nextInt(300))
                : flooded(count, 1 + random.nextInt(300), 0.3 + 0.6 * random.nextDouble());
    }

    MessageType randomType() {
        return MessageType.values()[random.nextInt(MessageType.values().length)];
    }

    /** From well before the window to a few seconds into the current bucket's future. */
    long spreadTime() {
        return NOW - (long) (random.nextDouble() * 1.5 * model.windowMillis()) + random.nextInt(5_000);
    }

    /** Within the last twenty minutes (two half-lives): a flood that still weighs. */
    long recentTime() {
        return NOW - (long) (random.nextDouble() * 2 * model.halfLifeMillis()) + random.nextInt(5_000);
    }

    MessageSent message(String agent, MessageType type, long time) {
        String text = "word ".repeat(1 + random.nextInt(60));
        double love = 1.0 + random.nextDouble() * 0.5;
        double impact = ImpactModel.impactOf(type, text, love);
        String id = "evt-" + (serial++) + "-" + Long.toHexString(random.nextLong());
        SacredMessage message = new SacredMessage(id, agent, type, text, REGIONS[random.nextInt(REGIONS.length)], time);
        return new MessageSent(id, time, message, impact, 0.5, 0.5, love);
    }
}

package org.sacredcouncil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/** Deterministic synthetic message events spread over the window before {@code now}. */
final class EventFixtures {

    static final long NOW = 1_795_000_000_000L;
    private static final String[] REGIONS = {"europe-west1", "us-central1", "asia-east1"};

    private EventFixtures() {}

    static List<MessageSent> messages(int count, long seed) {
        return messages(count, seed, 0.0);
    }

    /**
     * As {@link #messages(int, long)}, with a share {@code floodShare} of the messages sent by one agent
     * (concerns): the case the per-agent cap exists for (issue 12).
     */
    static List<MessageSent> messages(int count, long seed, double floodShare) {
        SplittableRandom random = new SplittableRandom(seed);
        long window = CoherenceModel.DEFAULT.windowMillis();
        List<MessageSent> events = new ArrayList<>(count);
        MessageType[] types = MessageType.values();
        for (int i = 0; i < count; i++) {
            long time = NOW - random.nextLong(window);
            boolean flood = random.nextDouble() < floodShare;
            MessageType type = flood ? MessageType.CONCERN : types[random.nextInt(types.length)];
            String text = "a message of some words";
            double impact = ImpactModel.impactOf(type, text, 1.0 + random.nextDouble() * 0.5);
            String id = "evt-" + i;
            SacredMessage message = new SacredMessage(
                    id,
                    flood ? "loud-agent" : "agent-" + (i % 500),
                    type,
                    text,
                    REGIONS[random.nextInt(REGIONS.length)],
                    time);
            events.add(new MessageSent(id, time, message, impact, 0.5, 0.5, 1.0));
        }
        return events;
    }
}

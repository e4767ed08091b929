package org.sacredcouncil.core.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.PresenceBeat;

class PresenceTrackerTest {

    private static final long NOW = 10_000_000L;
    private static final long WINDOW = PresenceTracker.DEFAULT_WINDOW_MILLIS;

    @Test
    void presentWhileTheLastBeatIsWithinTheWindow() {
        PresenceTracker tracker = new PresenceTracker(WINDOW);
        tracker.apply(new PresenceBeat("b1", NOW - WINDOW + 1, "ada", "europe-west1"));
        tracker.apply(new PresenceBeat("b2", NOW - WINDOW, "bob", "europe-west1"));
        assertThat(tracker.isPresent("ada", NOW)).isTrue();
        assertThat(tracker.isPresent("bob", NOW)).isFalse();
        assertThat(tracker.presentCount(NOW)).isEqualTo(1);
    }

    @Test
    void leavingEndsPresenceUntilTheNextSignOfLife() {
        PresenceTracker tracker = new PresenceTracker(WINDOW);
        tracker.apply(new AgentJoined("j", NOW - 1000, "ada", "europe-west1", "Ada"));
        tracker.apply(new AgentLeft("l", NOW - 500, "ada", "europe-west1"));
        assertThat(tracker.isPresent("ada", NOW)).isFalse();
        tracker.apply(new PresenceBeat("b", NOW - 100, "ada", "us-central1"));
        assertThat(tracker.presentByRegion(NOW)).containsExactly(java.util.Map.entry("us-central1", 1));
    }

    @Test
    void anyOrderOfTheSameEventsGivesTheSameCounts() {
        Random random = new Random(9);
        String[] regions = {"a-1", "b-1", "c-1"};
        for (int trial = 0; trial < 300; trial++) {
            List<CouncilEvent> events = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String agent = "agent-" + random.nextInt(15);
                long t = NOW - random.nextInt((int) (2 * WINDOW));
                String region = regions[random.nextInt(regions.length)];
                events.add(
                        random.nextInt(6) == 0
                                ? new AgentLeft("e" + i, t, agent, region)
                                : new PresenceBeat("e" + i, t, agent, region));
            }
            PresenceTracker inOrder = new PresenceTracker(WINDOW);
            events.forEach(inOrder::apply);
            List<CouncilEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            PresenceTracker reordered = new PresenceTracker(WINDOW);
            shuffled.forEach(reordered::apply);
            shuffled.forEach(reordered::apply); // redelivery
            assertThat(reordered.presentByRegion(NOW)).isEqualTo(inOrder.presentByRegion(NOW));
        }
    }
}

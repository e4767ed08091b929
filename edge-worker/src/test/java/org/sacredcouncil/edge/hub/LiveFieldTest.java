package org.sacredcouncil.edge.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * The hub's fold against the batch recomputation (docs/live-field.md#feed): whatever the order, duplicates and
 * snapshot timing, the hub's field equals {@link FieldRecompute} on the same events within 1e-9.
 */
class LiveFieldTest {

    private static final CoherenceModel MODEL = CoherenceModel.DEFAULT;
    private static final long NOW = 1_795_723_200_000L;
    private static final String[] REGIONS = {"europe-west1", "us-central1", "asia-east1"};

    /** Events with their recorded_at, spread over the last 40 minutes. */
    private static List<MessageSent> events(Random random, int n) {
        List<MessageSent> events = new ArrayList<>();
        MessageType[] types = MessageType.values();
        for (int i = 0; i < n; i++) {
            long at = NOW - random.nextInt(40 * 60_000);
            MessageType type = types[random.nextInt(types.length)];
            String agent = "agent-" + random.nextInt(7);
            SacredMessage m = new SacredMessage("m-" + i, agent, type, "text " + i, REGIONS[random.nextInt(3)], at);
            events.add(
                    new MessageSent("e-" + i, at, m, type.baseImpact() * (0.5 + random.nextDouble()), 0.5, 0.5, 1.0));
        }
        return events;
    }

    private static void assertMatchesRecompute(LiveField live, List<MessageSent> events) {
        FieldState field = live.compose(NOW);
        FieldReading batch = FieldRecompute.read(events, NOW, MODEL);
        assertThat(field.global().coherence()).isCloseTo(batch.globalCoherence(), within(1e-9));
        assertThat(field.loveAmplification()).isCloseTo(batch.loveAmplification(), within(1e-9));
        for (Map.Entry<String, Double> region : batch.regionCoherence().entrySet()) {
            assertThat(field.regions().get(region.getKey()).coherence()).isCloseTo(region.getValue(), within(1e-9));
        }
    }

    @Test
    void foldedInAnyOrderWithDuplicatesEqualsTheRecomputation() {
        Random random = new Random(13);
        List<MessageSent> events = events(random, 200);
        LiveField live = new LiveField(MODEL);
        List<MessageSent> shuffled = new ArrayList<>(events);
        shuffled.addAll(events.subList(0, 50)); // redeliveries
        java.util.Collections.shuffle(shuffled, random);
        int applied = 0;
        for (MessageSent e : shuffled) {
            applied += live.fold(e, e.timeMillis(), NOW) ? 1 : 0;
        }
        assertThat(applied).isEqualTo(200);
        assertMatchesRecompute(live, events);
    }

    @Test
    void aSnapshotThenTheContributionsItMissedEqualsTheRecomputationOfAll() {
        Random random = new Random(7);
        List<MessageSent> events = events(random, 150);
        events.sort((a, b) -> Long.compare(a.timeMillis(), b.timeMillis()));
        long readAt = NOW - 4 * 60_000;
        LiveField live = new LiveField(MODEL);
        // the hub saw everything, some of it twice; the recomputation read the log at readAt
        for (MessageSent e : events) {
            live.fold(e, e.timeMillis(), NOW);
        }
        TreeMap<String, BucketContribution> cells = new TreeMap<>();
        Set<String> recentIds = new HashSet<>();
        for (MessageSent e : events) {
            if (e.timeMillis() < readAt) {
                BucketContribution c = BucketContribution.of(e, MODEL);
                cells.merge(c.region() + "|" + c.agentId() + "|" + c.bucket(), c, BucketContribution::plus);
                if (e.timeMillis() >= readAt - LiveField.SNAPSHOT_OVERLAP_MILLIS) {
                    recentIds.add(e.id());
                }
            }
        }
        List<String> dropped = live.snapshot(
                FieldState.initial().withVersion(40, readAt), new ArrayList<>(cells.values()), readAt, recentIds, NOW);
        assertThat(dropped).isNotNull();
        assertThat(live.version()).isGreaterThanOrEqualTo(40);
        // after the snapshot: late redeliveries of anything change nothing
        for (MessageSent e : events) {
            assertThat(live.fold(e, e.timeMillis(), NOW)).isFalse();
        }
        assertMatchesRecompute(live, events);
        // and a restart from the stored form gives the same field
        LiveField restored = new LiveField(MODEL);
        HubStore.Stored stored = new HubStore.Stored();
        stored.meta = HubStore.meta(live);
        stored.cells = HubStore.cells(live);
        for (LiveField.Folded f : live.folded.values()) {
            stored.folded.add(HubStore.folded(f));
        }
        for (RecentMessage m : live.recent) {
            stored.recent.add(HubStore.recent(m));
        }
        for (LiveField.Mark m : live.marks.values()) {
            stored.marks.add(HubStore.mark(m));
        }
        HubStore.restore(restored, stored);
        assertMatchesRecompute(restored, events);
        assertThat(restored.version()).isGreaterThan(40);
    }
}

package org.sacredcouncil.core.coherence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * The property DESIGN.md asks for: folding events one by one (in any order, in shards merged later, with
 * evictions along the way) and recomputing from the list agree within 1e-9 on the same events.
 */
class IncrementalBatchAgreementTest {

    private static final double TOLERANCE = 1e-9;
    private static final String[] REGIONS = {"europe-west1", "us-central1", "asia-east1"};
    private static final long NOW = 1_795_000_000_000L + 12_345;

    private final CoherenceModel model = CoherenceModel.DEFAULT;

    @Test
    void incrementalAndBatchAgreeOverThousandsOfRandomSequences() {
        Random random = new Random(20261126L);
        for (int trial = 0; trial < 3000; trial++) {
            List<MessageSent> events = randomEvents(random, 1 + random.nextInt(150));
            List<MessageSent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);

            FieldAccumulator incremental = new FieldAccumulator(model);
            for (MessageSent event : shuffled) {
                incremental.apply(event, NOW);
            }
            assertAgree(incremental.read(NOW), FieldRecompute.read(events, NOW, model), "trial " + trial);
        }
    }

    @Test
    void shardedPartialSumsMergedAgreeWithBatch() {
        Random random = new Random(7L);
        for (int trial = 0; trial < 1000; trial++) {
            List<MessageSent> events = distinct(randomEvents(random, 1 + random.nextInt(200)));
            int shardCount = 1 + random.nextInt(8);
            List<FieldAccumulator> shards = new ArrayList<>();
            for (int i = 0; i < shardCount; i++) {
                shards.add(new FieldAccumulator(model));
            }
            for (MessageSent event : events) {
                shards.get(Math.floorMod(event.id().hashCode(), shardCount)).apply(event, NOW);
            }
            Collections.shuffle(shards, random);
            FieldAccumulator merged = new FieldAccumulator(model);
            for (FieldAccumulator shard : shards) {
                merged.merge(shard);
            }
            assertAgree(merged.read(NOW), FieldRecompute.read(events, NOW, model), "trial " + trial);
        }
    }

    @Test
    void contributionsSummedPerCellLikeAShardedStoreAgreeWithBatch() {
        Random random = new Random(99L);
        for (int trial = 0; trial < 500; trial++) {
            List<MessageSent> events = distinct(randomEvents(random, 1 + random.nextInt(150)));
            // A store keeps one running sum per (shard, region, bucket) and adds contributions as they come.
            Map<String, BucketContribution> store = new java.util.TreeMap<>();
            for (MessageSent event : events) {
                BucketContribution c = BucketContribution.of(event, model);
                String key = Math.floorMod(event.id().hashCode(), 4) + "/" + c.region() + "/" + c.bucket();
                store.merge(key, c, (a, b) -> new BucketContribution(a.region(), a.bucket(), a.impact() + b.impact(),
                        a.loving() + b.loving(), a.weight() + b.weight(), a.count() + b.count()));
            }
            FieldAccumulator folded = new FieldAccumulator(model);
            store.values().forEach(folded::add);
            assertAgree(folded.read(NOW), FieldRecompute.read(events, NOW, model), "trial " + trial);
        }
    }

    @Test
    void liveFoldWithEvictionsAlongTheWayAgreesWithBatchAtTheEnd() {
        Random random = new Random(42L);
        for (int trial = 0; trial < 500; trial++) {
            List<MessageSent> events = randomEvents(random, 1 + random.nextInt(150));
            List<MessageSent> arrival = new ArrayList<>(events);
            Collections.shuffle(arrival, random);
            FieldAccumulator live = new FieldAccumulator(model);
            long clock = NOW - model.windowMillis();
            long step = (NOW - clock) / arrival.size();
            for (MessageSent event : arrival) {
                clock += step;
                live.apply(event, clock);
                if (random.nextInt(10) == 0) {
                    live.evict(clock);
                }
            }
            live.evict(NOW);
            // An event refused because its bucket had left the window when it arrived also falls outside NOW's.
            assertAgree(live.read(NOW), FieldRecompute.read(events, NOW, model), "trial " + trial);
        }
    }

    @Test
    void theComparisonNoticesASingleMissingEvent() {
        Random random = new Random(3L);
        List<MessageSent> events = new ArrayList<>();
        while (events.size() < 20) {
            MessageSent e = randomEvent(random, events.size());
            if (model.counts(e.timeMillis(), NOW) && Math.abs(e.impact()) > 0.001) {
                events.add(e);
            }
        }
        FieldAccumulator missingOne = new FieldAccumulator(model);
        for (MessageSent event : events.subList(1, events.size())) {
            missingOne.apply(event, NOW);
        }
        FieldReading batch = FieldRecompute.read(events, NOW, model);
        assertThat(Math.abs(missingOne.read(NOW).globalCoherence() - batch.globalCoherence()))
                .isGreaterThan(TOLERANCE);
    }

    @Test
    void duplicatesAreFoldedOnceByBothPaths() {
        Random random = new Random(11L);
        List<MessageSent> events = randomEvents(random, 50);
        List<MessageSent> doubled = new ArrayList<>(events);
        doubled.addAll(events);
        FieldAccumulator incremental = new FieldAccumulator(model);
        int accepted = 0;
        for (MessageSent event : doubled) {
            if (incremental.apply(event, NOW)) {
                accepted++;
            }
        }
        FieldReading batch = FieldRecompute.read(doubled, NOW, model);
        assertThat(accepted).isEqualTo(FieldRecompute.read(events, NOW, model).messagesInWindow());
        assertAgree(incremental.read(NOW), batch, "doubled");
        assertAgree(batch, FieldRecompute.read(events, NOW, model), "batch doubled vs single");
    }

    private void assertAgree(FieldReading a, FieldReading b, String context) {
        assertThat(a.globalCoherence()).as(context + " global").isCloseTo(b.globalCoherence(),
                org.assertj.core.api.Assertions.within(TOLERANCE));
        assertThat(a.loveAmplification()).as(context + " love").isCloseTo(b.loveAmplification(),
                org.assertj.core.api.Assertions.within(TOLERANCE));
        assertThat(a.messagesInWindow()).as(context + " count").isEqualTo(b.messagesInWindow());
        assertThat(a.regionCoherence().keySet()).as(context + " regions")
                .containsExactlyElementsOf(b.regionCoherence().keySet());
        for (Map.Entry<String, Double> region : a.regionCoherence().entrySet()) {
            assertThat(region.getValue()).as(context + " " + region.getKey())
                    .isCloseTo(b.regionCoherence().get(region.getKey()),
                            org.assertj.core.api.Assertions.within(TOLERANCE));
        }
    }

    private List<MessageSent> randomEvents(Random random, int count) {
        List<MessageSent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!events.isEmpty() && random.nextInt(20) == 0) {
                events.add(events.get(random.nextInt(events.size())));
            } else {
                events.add(randomEvent(random, i));
            }
        }
        return events;
    }

    private List<MessageSent> distinct(List<MessageSent> events) {
        Map<String, MessageSent> byId = new java.util.LinkedHashMap<>();
        for (MessageSent e : events) {
            byId.putIfAbsent(e.id(), e);
        }
        return new ArrayList<>(byId.values());
    }

    private MessageSent randomEvent(Random random, int index) {
        // Times from well before the window to a few seconds into the current bucket's future.
        long time = NOW - (long) (random.nextDouble() * 1.5 * model.windowMillis()) + random.nextInt(5_000);
        MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
        String text = "word ".repeat(1 + random.nextInt(60));
        double love = 1.0 + random.nextDouble() * 0.5;
        double impact = ImpactModel.impactOf(type, text, love);
        String id = "evt-" + index + "-" + Long.toHexString(random.nextLong());
        SacredMessage message = new SacredMessage(id, "agent-" + random.nextInt(30), type, text,
                REGIONS[random.nextInt(REGIONS.length)], time);
        return new MessageSent(id, time, message, impact, 0.5, 0.5, love);
    }
}

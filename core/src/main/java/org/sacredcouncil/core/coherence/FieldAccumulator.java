package org.sacredcouncil.core.coherence;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.event.MessageSent;

/**
 * The field folded event by event: the incremental path (heart's live view, Firestore shards, the edge).
 *
 * <p>Impacts are kept per (region, agent, bucket) as sums anchored at the bucket's start:
 * {@code A = sum(i * 2^((t - bucketStart) / halfLife))}. Adding is commutative, so events may arrive in
 * any order, and two accumulators of disjoint events merge by adding cells: that is how shards combine.
 * Reading at {@code now} multiplies each cell by {@code 2^(-(now - bucketStart) / halfLife)}, sums an
 * agent's cells, and only then caps the agent's sum ({@link CoherenceModel#capped}): the cap never sees a
 * partial sum, which is what keeps the capped field independent of order and sharding. Buckets that left
 * the window are dropped whole. Event ids are remembered while their bucket lives, which makes
 * {@link #apply} idempotent under redelivery.
 *
 * <p>Not thread-safe: one owner folds, others receive copies or merged results.
 */
public final class FieldAccumulator {

    private final CoherenceModel model;
    /**
     * region → agent → bucket → cell. Agents in a hash map (one lookup per event, on the hot path); every
     * read walks regions, agents and buckets in sorted order, so the floating-point sums are deterministic
     * (the same on the JVM and under TeaVM, whose hash order differs).
     */
    private final TreeMap<String, HashMap<String, TreeMap<Long, Cell>>> cells = new TreeMap<>();
    /** Membership only (never iterated in an order that matters). */
    private final Map<String, Long> seenIdBuckets = new HashMap<>();

    public FieldAccumulator(CoherenceModel model) {
        this.model = model;
    }

    /** Anchored sums of one (region, agent, bucket): impact, loving weight, message weight, message count. */
    static final class Cell {
        double impact;
        double loving;
        double weight;
        int count;

        void add(Cell other) {
            impact += other.impact;
            loving += other.loving;
            weight += other.weight;
            count += other.count;
        }
    }

    /**
     * Folds one message in. Returns false (and changes nothing) for an id seen before, or for an event whose
     * bucket has already left the window of {@code now}.
     */
    public boolean apply(MessageSent event, long now) {
        long bucket = model.bucketOf(event.timeMillis());
        if (bucket < model.oldestBucket(now) || seenIdBuckets.containsKey(event.id())) {
            return false;
        }
        seenIdBuckets.put(event.id(), bucket);
        add(BucketContribution.of(event, model));
        return true;
    }

    /**
     * Adds a cell's sums as read back from a sharded store, where deduplication by event id already
     * happened (the store's writer recorded each id once). Contributions of buckets outside the window are
     * kept but not read.
     */
    public void add(BucketContribution contribution) {
        Cell cell = cellOf(contribution.region(), contribution.agentId(), contribution.bucket());
        cell.impact += contribution.impact();
        cell.loving += contribution.loving();
        cell.weight += contribution.weight();
        cell.count += contribution.count();
    }

    private Cell cellOf(String region, String agent, long bucket) {
        return cells.computeIfAbsent(region, r -> new HashMap<>())
                .computeIfAbsent(agent, a -> new TreeMap<>())
                .computeIfAbsent(bucket, b -> new Cell());
    }

    /**
     * Adds another accumulator's events to this one. Shards partition events by id; an id present in both
     * would be counted twice, so it is refused.
     *
     * @throws IllegalArgumentException when the two share an event id or use different models
     */
    public void merge(FieldAccumulator other) {
        if (!other.model.equals(model)) {
            throw new IllegalArgumentException("cannot merge accumulators of different models");
        }
        for (String id : other.seenIdBuckets.keySet()) {
            if (seenIdBuckets.containsKey(id)) {
                throw new IllegalArgumentException("event " + id + " is in both accumulators");
            }
        }
        seenIdBuckets.putAll(other.seenIdBuckets);
        // Adds cells to cells: no sum here depends on the iteration order of the hash maps.
        for (Map.Entry<String, HashMap<String, TreeMap<Long, Cell>>> region : other.cells.entrySet()) {
            for (Map.Entry<String, TreeMap<Long, Cell>> agent :
                    region.getValue().entrySet()) {
                for (Map.Entry<Long, Cell> bucket : agent.getValue().entrySet()) {
                    cellOf(region.getKey(), agent.getKey(), bucket.getKey()).add(bucket.getValue());
                }
            }
        }
    }

    /** Drops buckets (and remembered ids) that no longer count at {@code now}. */
    public void evict(long now) {
        long oldest = model.oldestBucket(now);
        for (HashMap<String, TreeMap<Long, Cell>> agents : cells.values()) {
            for (TreeMap<Long, Cell> buckets : agents.values()) {
                buckets.headMap(oldest).clear();
            }
            agents.values().removeIf(Map::isEmpty);
        }
        cells.values().removeIf(Map::isEmpty);
        seenIdBuckets.values().removeIf(bucket -> bucket < oldest);
    }

    /**
     * The field at {@code now}, from the buckets within the window (later buckets do not count yet):
     * per region {@code sum_a capped(S_a,region)}, globally {@code sum_a capped(sum_region S_a,region)}.
     */
    public FieldReading read(long now) {
        long oldest = model.oldestBucket(now);
        long current = model.bucketOf(now);
        // Bucket decays, computed once per read (a window has windowBuckets of them, every cell shares one).
        double[] decays = new double[(int) (current - oldest + 1)];
        double loving = 0;
        double weight = 0;
        int count = 0;
        SortedMap<String, Double> regions = new TreeMap<>();
        TreeMap<String, Double> agentTotals = new TreeMap<>();
        for (Map.Entry<String, HashMap<String, TreeMap<Long, Cell>>> region : cells.entrySet()) {
            double regionImpact = 0;
            boolean any = false;
            HashMap<String, TreeMap<Long, Cell>> agents = region.getValue();
            for (String agent : FieldRecompute.sorted(agents.keySet())) {
                SortedMap<Long, Cell> inWindow = agents.get(agent).subMap(oldest, true, current, true);
                if (inWindow.isEmpty()) {
                    continue;
                }
                any = true;
                double agentImpact = 0;
                for (Map.Entry<Long, Cell> bucket : inWindow.entrySet()) {
                    int slot = (int) (bucket.getKey() - oldest);
                    double decay = decays[slot];
                    if (decay == 0) {
                        decay = model.decay(model.bucketStart(bucket.getKey()), now);
                        decays[slot] = decay;
                    }
                    Cell cell = bucket.getValue();
                    agentImpact += cell.impact * decay;
                    loving += cell.loving * decay;
                    weight += cell.weight * decay;
                    count += cell.count;
                }
                regionImpact += model.capped(agentImpact);
                agentTotals.merge(agent, agentImpact, Double::sum);
            }
            if (any) {
                regions.put(region.getKey(), model.coherence(regionImpact));
            }
        }
        double total = 0;
        for (double agentImpact : agentTotals.values()) {
            total += model.capped(agentImpact);
        }
        return new FieldReading(
                now, model.coherence(total), regions, model.loveAmplification(loving, weight), total, count);
    }

    public CoherenceModel model() {
        return model;
    }

    /** How many distinct events are remembered (within the window). */
    public int size() {
        return seenIdBuckets.size();
    }
}

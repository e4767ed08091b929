package org.sacredcouncil.core.coherence;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.event.MessageSent;

/**
 * The field folded event by event: the incremental path (heart's live view, Firestore shards, the edge).
 *
 * <p>Impacts are kept per (region, bucket) as sums anchored at the bucket's start:
 * {@code A = sum(i * 2^((t - bucketStart) / halfLife))}. Adding is commutative, so events may arrive in
 * any order, and two accumulators of disjoint events merge by adding cells: that is how shards combine.
 * Reading at {@code now} multiplies each cell by {@code 2^(-(now - bucketStart) / halfLife)}. Buckets that
 * left the window are dropped whole. Event ids are remembered while their bucket lives, which makes
 * {@link #apply} idempotent under redelivery.
 *
 * <p>Not thread-safe: one owner folds, others receive copies or merged results.
 */
public final class FieldAccumulator {

    private final CoherenceModel model;
    /** region → bucket → cell. TreeMaps: the read order, and so the floating-point sum, is deterministic. */
    private final TreeMap<String, TreeMap<Long, Cell>> cells = new TreeMap<>();
    private final Map<String, Long> seenIdBuckets = new HashMap<>();

    public FieldAccumulator(CoherenceModel model) {
        this.model = model;
    }

    /** Anchored sums of one (region, bucket): impact, loving weight, message weight, message count. */
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
        Cell cell = cells.computeIfAbsent(contribution.region(), r -> new TreeMap<>())
                .computeIfAbsent(contribution.bucket(), b -> new Cell());
        cell.impact += contribution.impact();
        cell.loving += contribution.loving();
        cell.weight += contribution.weight();
        cell.count += contribution.count();
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
        for (Map.Entry<String, TreeMap<Long, Cell>> region : other.cells.entrySet()) {
            TreeMap<Long, Cell> mine = cells.computeIfAbsent(region.getKey(), r -> new TreeMap<>());
            for (Map.Entry<Long, Cell> bucket : region.getValue().entrySet()) {
                mine.computeIfAbsent(bucket.getKey(), b -> new Cell()).add(bucket.getValue());
            }
        }
    }

    /** Drops buckets (and remembered ids) that no longer count at {@code now}. */
    public void evict(long now) {
        long oldest = model.oldestBucket(now);
        for (TreeMap<Long, Cell> buckets : cells.values()) {
            buckets.headMap(oldest).clear();
        }
        cells.values().removeIf(Map::isEmpty);
        seenIdBuckets.values().removeIf(bucket -> bucket < oldest);
    }

    /** The field at {@code now}, from the buckets within the window (later buckets do not count yet). */
    public FieldReading read(long now) {
        long oldest = model.oldestBucket(now);
        long current = model.bucketOf(now);
        double total = 0;
        double loving = 0;
        double weight = 0;
        int count = 0;
        SortedMap<String, Double> regions = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Long, Cell>> region : cells.entrySet()) {
            double regionImpact = 0;
            SortedMap<Long, Cell> inWindow = region.getValue().subMap(oldest, true, current, true);
            if (inWindow.isEmpty()) {
                continue;
            }
            for (Map.Entry<Long, Cell> bucket : inWindow.entrySet()) {
                double decay = model.decay(model.bucketStart(bucket.getKey()), now);
                Cell cell = bucket.getValue();
                regionImpact += cell.impact * decay;
                loving += cell.loving * decay;
                weight += cell.weight * decay;
                count += cell.count;
            }
            regions.put(region.getKey(), model.coherence(regionImpact));
            total += regionImpact;
        }
        return new FieldReading(now, model.coherence(total), regions,
                model.loveAmplification(loving, weight), total, count);
    }

    public CoherenceModel model() {
        return model;
    }

    /** How many distinct events are remembered (within the window). */
    public int size() {
        return seenIdBuckets.size();
    }
}

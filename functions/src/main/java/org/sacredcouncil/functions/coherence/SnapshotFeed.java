package org.sacredcouncil.functions.coherence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.functions.hub.FeedItems;
import org.sacredcouncil.functions.hub.HubFeed;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.store.RecordedTimes;

/**
 * coherence's side of the feed: each tick's recomputation as the hub's authority (docs/live-field.md#feed,
 * {@code snapshot}). The hub rebuilds its accumulator from the cells and folds again what it received with
 * {@code recordedAt >= readAt - 10 s} unless the snapshot lists it in {@code recentIds}.
 *
 * <p>{@code recentIds} is taken from a second query after the window's, then cut down to the ids that the
 * window read actually returned: a message committed between the two queries is not in the cells, so it must
 * not be listed either (the hub then keeps its own fold of it). Listing only what the cells hold is what
 * keeps a contribution from being counted twice or dropped at the seam.
 */
final class SnapshotFeed {

    private static final StructuredLog LOG = StructuredLog.of("coherence");
    /** The contract's margin between a row's recorded_at and its commit (and the clocks' skew). */
    static final long RECENT_MARGIN_MILLIS = 10_000;
    /** One post's body, kept under the Worker's limit ({@link HubFeed#MAX_BODY_BYTES}) with room to spare. */
    static final int PART_BUDGET_BYTES = HubFeed.MAX_BODY_BYTES - 4096;
    /** {@code {"items":[ ... ]}} around one item */
    static final int ENVELOPE_BYTES = 12;
    /** The hub assembles at most this many parts (edge {@code SnapshotParts.MAX_PARTS}): about 16 MB of cells. */
    static final int MAX_PARTS = 64;

    private final HubFeed feed;
    private final RecordedTimes times;
    private final CoherenceModel model;

    SnapshotFeed(HubFeed feed, RecordedTimes times, CoherenceModel model) {
        this.feed = feed;
        this.times = times;
        this.model = model;
    }

    boolean enabled() {
        return feed.enabled();
    }

    /**
     * @param readAt when the window was read (taken before the query)
     * @return the hub's version after the snapshot, or null when the hub was not reached (logged)
     */
    Long send(FieldState publicField, List<MessageSent> window, long readAt) {
        try {
            Set<String> read = new HashSet<>();
            window.forEach(m -> read.add(m.id()));
            List<String> recent = new ArrayList<>();
            for (String id : times.messagesRecordedSince(readAt, model, readAt - RECENT_MARGIN_MILLIS)) {
                if (read.contains(id)) {
                    recent.add(id);
                }
            }
            recent.sort(null);
            HubFeed.Answer answer = null;
            for (String part : parts(publicField, cells(window, readAt), readAt, recent, PART_BUDGET_BYTES)) {
                answer = feed.post(part);
                if (answer == null) {
                    return null; // logged by the feed; the hub drops the unfinished snapshot, the next tick corrects
                }
            }
            return answer == null ? null : answer.version();
        } catch (Exception e) {
            LOG.warn("snapshot not sent to the hub", "error", e.toString());
            return null;
        }
    }

    /**
     * The snapshot as items of at most {@code budget} bytes each (UTF-8, with the post's envelope): one item when it
     * fits, else parts (docs/live-field.md#snapshot-parts) that split its cells and recent ids in order and carry the
     * field and {@code readAt} each; the hub applies the snapshot when the last part arrives.
     */
    static List<String> parts(
            FieldState publicField, List<BucketContribution> cells, long readAt, List<String> recentIds, int budget) {
        String whole = FeedItems.snapshot(publicField, cells, readAt, recentIds);
        if (utf8(whole) + ENVELOPE_BYTES <= budget) {
            return List.of(whole);
        }
        String field = FieldStateJson.write(publicField);
        // what every part carries besides its share: the field, readAt, the part numbers, the envelope
        int fixed = utf8(FeedItems.snapshotPart(field, List.of(), readAt, List.of(), 99, 99)) + ENVELOPE_BYTES;
        if (fixed >= budget / 2) {
            throw new IllegalArgumentException("the field alone leaves no room for cells in a part");
        }
        List<List<String>> cellParts = new ArrayList<>();
        List<List<String>> idParts = new ArrayList<>();
        List<String> partCells = new ArrayList<>();
        List<String> partIds = new ArrayList<>();
        int size = fixed;
        for (BucketContribution c : cells) {
            String text = FeedItems.cell(c);
            int bytes = utf8(text) + 1;
            if (size + bytes > budget && !(partCells.isEmpty() && partIds.isEmpty())) {
                cellParts.add(partCells);
                idParts.add(partIds);
                partCells = new ArrayList<>();
                partIds = new ArrayList<>();
                size = fixed;
            }
            partCells.add(text);
            size += bytes;
        }
        for (String id : recentIds) {
            int bytes = utf8(id) + 3;
            if (size + bytes > budget && !(partCells.isEmpty() && partIds.isEmpty())) {
                cellParts.add(partCells);
                idParts.add(partIds);
                partCells = new ArrayList<>();
                partIds = new ArrayList<>();
                size = fixed;
            }
            partIds.add(id);
            size += bytes;
        }
        cellParts.add(partCells);
        idParts.add(partIds);
        int count = cellParts.size();
        if (count > MAX_PARTS) {
            throw new IllegalArgumentException("the snapshot needs " + count + " parts, over " + MAX_PARTS);
        }
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(FeedItems.snapshotPart(field, cellParts.get(i), readAt, idParts.get(i), i, count));
        }
        return items;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Every (region, agent, bucket) cell of the window, summed; sorted, so the body is deterministic. */
    List<BucketContribution> cells(List<MessageSent> window, long now) {
        TreeMap<String, BucketContribution> cells = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        long oldest = model.oldestBucket(now);
        for (MessageSent m : window) {
            if (!seen.add(m.id()) || model.bucketOf(m.timeMillis()) < oldest) {
                continue;
            }
            BucketContribution c = BucketContribution.of(m, model);
            cells.merge(c.region() + '\u0000' + c.agentId() + '\u0000' + c.bucket(), c, BucketContribution::plus);
        }
        return new ArrayList<>(cells.values());
    }
}

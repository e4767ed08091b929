package org.sacredcouncil.functions.coherence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
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
            HubFeed.Answer answer = feed.post(FeedItems.snapshot(publicField, cells(window, readAt), readAt, recent));
            return answer == null ? null : answer.version();
        } catch (Exception e) {
            LOG.warn("snapshot not sent to the hub", "error", e.toString());
            return null;
        }
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

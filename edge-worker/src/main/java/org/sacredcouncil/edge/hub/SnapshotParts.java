package org.sacredcouncil.edge.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sacredcouncil.core.coherence.BucketContribution;

/**
 * Reassembles a snapshot that came in parts because it was over the feed's body limit
 * (docs/live-field.md#snapshot-parts): the parts of one snapshot share its {@code readAt} and {@code parts}; their
 * cells and recent ids are concatenated, the field is the last part's. Held in memory only: a hub restarted between
 * two parts drops that snapshot (the next tick's corrects it, as for a lost one). A part of a newer snapshot drops
 * an unfinished older one; a part of an older one changes nothing; a part sent again replaces itself.
 */
final class SnapshotParts {

    static final int MAX_PARTS = 64;

    private long readAt = Long.MIN_VALUE;
    private FeedItem.Snapshot[] held;
    private int count;

    /** @return the whole snapshot once its last missing part arrived, else null */
    FeedItem.Snapshot add(FeedItem.Snapshot part) {
        if (part.parts() == 1) {
            return part;
        }
        if (held == null || part.readAt() > readAt || part.readAt() == readAt && held.length != part.parts()) {
            readAt = part.readAt();
            held = new FeedItem.Snapshot[part.parts()];
            count = 0;
        } else if (part.readAt() < readAt) {
            return null;
        }
        if (held[part.part()] == null) {
            count++;
        }
        held[part.part()] = part;
        if (count < held.length) {
            return null;
        }
        List<BucketContribution> cells = new ArrayList<>();
        Set<String> recentIds = new HashSet<>();
        for (FeedItem.Snapshot s : held) {
            cells.addAll(s.cells());
            recentIds.addAll(s.recentIds());
        }
        FeedItem.Snapshot whole = new FeedItem.Snapshot(held[held.length - 1].field(), cells, readAt, recentIds, 0, 1);
        held = null;
        return whole;
    }

    /** Parts held of the snapshot being assembled (0 when none). */
    int pending() {
        return held == null ? 0 : count;
    }
}

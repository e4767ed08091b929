package org.sacredcouncil.edge.hub;

import java.util.List;
import java.util.Set;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.field.FieldState;

/** One item of a feed batch, checked (docs/live-field.md#feed). */
public sealed interface FeedItem {

    /** A recorded event (memory, after its commit). */
    record Event(CouncilEvent event, long recordedAt) implements FeedItem {
    }

    /** Glyphs wisdom attached to a message; {@code glyphsJson} is the array as sent. */
    record Glyphs(String messageId, String glyphsJson) implements FeedItem {
    }

    /** A recomputation (coherence, each tick): the authority. */
    record Snapshot(FieldState field, List<BucketContribution> cells, long readAt, Set<String> recentIds)
            implements FeedItem {
    }
}

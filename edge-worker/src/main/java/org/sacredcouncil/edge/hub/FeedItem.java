package org.sacredcouncil.edge.hub;

import java.util.List;
import java.util.Set;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.field.FieldState;

/** One item of a feed batch, checked (docs/live-field.md#feed). */
public sealed interface FeedItem {

    /** A recorded event (memory, after its commit). */
    static final class Event implements FeedItem {
        private final CouncilEvent event;
        private final long recordedAt;

        Event(CouncilEvent event, long recordedAt) {
            this.event = event;
            this.recordedAt = recordedAt;
        }

        CouncilEvent event() {
            return event;
        }

        long recordedAt() {
            return recordedAt;
        }
    }

    /** Glyphs wisdom attached to a message; {@code glyphsJson} is the array as sent. */
    static final class Glyphs implements FeedItem {
        private final String messageId;
        private final String glyphsJson;

        Glyphs(String messageId, String glyphsJson) {
            this.messageId = messageId;
            this.glyphsJson = glyphsJson;
        }

        String messageId() {
            return messageId;
        }

        String glyphsJson() {
            return glyphsJson;
        }
    }

    /** A recomputation (coherence, each tick): the authority. */
    static final class Snapshot implements FeedItem {
        private final FieldState field;
        private final List<BucketContribution> cells;
        private final long readAt;
        private final Set<String> recentIds;
        /** which part of a snapshot too large for one post this is (0-based), and of how many (1: whole) */
        private final int part;

        private final int parts;

        Snapshot(
                FieldState field,
                List<BucketContribution> cells,
                long readAt,
                Set<String> recentIds,
                int part,
                int parts) {
            this.field = field;
            this.cells = cells;
            this.readAt = readAt;
            this.recentIds = recentIds;
            this.part = part;
            this.parts = parts;
        }

        int part() {
            return part;
        }

        int parts() {
            return parts;
        }

        FieldState field() {
            return field;
        }

        List<BucketContribution> cells() {
            return cells;
        }

        long readAt() {
            return readAt;
        }

        Set<String> recentIds() {
            return recentIds;
        }
    }
}

package org.sacredcouncil.edge.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.field.FieldState;

class SnapshotPartsTest {

    private static FeedItem.Snapshot part(long readAt, int part, int parts, String agent, String id) {
        return new FeedItem.Snapshot(
                FieldState.initial().withVersion(10 + part, readAt),
                List.of(new BucketContribution("r", agent, 1, 0.1, 1, 1, 1)),
                readAt,
                Set.of(id),
                part,
                parts);
    }

    @Test
    void aWholeSnapshotPassesAtOnce() {
        FeedItem.Snapshot whole = part(5, 0, 1, "a", "x");
        assertThat(new SnapshotParts().add(whole)).isSameAs(whole);
    }

    @Test
    void partsInAnyOrderAssembleOnceTheLastMissingOneArrives() {
        SnapshotParts parts = new SnapshotParts();
        assertThat(parts.add(part(5, 2, 3, "c", "z"))).isNull();
        assertThat(parts.add(part(5, 0, 3, "a", "x"))).isNull();
        assertThat(parts.add(part(5, 0, 3, "a", "x")))
                .as("sent again: replaces itself")
                .isNull();
        assertThat(parts.pending()).isEqualTo(2);
        FeedItem.Snapshot whole = parts.add(part(5, 1, 3, "b", "y"));
        assertThat(whole).isNotNull();
        assertThat(whole.cells()).extracting(BucketContribution::agentId).containsExactly("a", "b", "c");
        assertThat(whole.recentIds()).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(whole.field().version()).as("the last part's field").isEqualTo(12);
        assertThat(whole.readAt()).isEqualTo(5);
        assertThat(parts.pending()).isZero();
    }

    @Test
    void aNewerSnapshotDropsAnUnfinishedOlderOneAndAnOlderPartChangesNothing() {
        SnapshotParts parts = new SnapshotParts();
        assertThat(parts.add(part(5, 0, 2, "a", "x"))).isNull();
        assertThat(parts.add(part(9, 0, 2, "n", "p"))).isNull();
        assertThat(parts.add(part(5, 1, 2, "b", "y")))
                .as("the older snapshot's last part")
                .isNull();
        FeedItem.Snapshot whole = parts.add(part(9, 1, 2, "m", "q"));
        assertThat(whole).isNotNull();
        assertThat(whole.cells()).extracting(BucketContribution::agentId).containsExactly("n", "m");
    }
}

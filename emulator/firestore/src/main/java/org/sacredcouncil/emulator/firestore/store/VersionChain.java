package org.sacredcouncil.emulator.firestore.store;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/**
 * The retained versions of one document, oldest first; a null document is a deletion. Immutable: a
 * commit replaces a document's chain, so a reader at a past time never sees one half-changed.
 */
public record VersionChain(List<Version> versions, boolean truncated) {
    /**
     * A bound on the versions kept per document, so that a document written many times a second costs
     * bounded memory and bounded copying per write; reading before the oldest one kept of such a chain is
     * refused as too old (a restart forgets that the chain was cut: such a read then finds nothing).
     */
    public static final int MAX_VERSIONS = 10_000;

    public record Version(Timestamp time, StoredDocument document) {}

    static VersionChain of(Timestamp time, StoredDocument doc) {
        return new VersionChain(List.of(new Version(time, doc)), false);
    }

    /** The state at {@code readTime}: the newest version written at or before it (null = absent). */
    StoredDocument at(Timestamp readTime) {
        if (truncated && ValueOrder.compareTimestamps(readTime, versions.get(0).time()) < 0) {
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("The requested snapshot version is too old." + " (this document changed more than "
                            + MAX_VERSIONS + " times since)")
                    .asRuntimeException();
        }
        StoredDocument out = null;
        for (Version v : versions) {
            if (ValueOrder.compareTimestamps(v.time(), readTime) > 0) {
                break;
            }
            out = v.document();
        }
        return out;
    }

    /**
     * This chain plus a new version, without the versions no read time at or after {@code horizon} can
     * see (each one older than a later version that is itself at or before the horizon). Null when
     * nothing readable is left: the document is deleted and was already deleted at the horizon.
     */
    VersionChain append(Timestamp time, StoredDocument doc, Timestamp horizon) {
        List<Version> next = new ArrayList<>(versions.size() + 1);
        next.addAll(versions);
        if (!next.isEmpty() && next.get(next.size() - 1).time().equals(time)) {
            next.remove(next.size() - 1); // the same commit replayed again (a log already in the snapshot)
        }
        next.add(new Version(time, doc));
        boolean cut = truncated;
        if (next.size() > MAX_VERSIONS) {
            next.subList(0, next.size() - MAX_VERSIONS).clear();
            cut = true;
        }
        return pruned(next, horizon, cut);
    }

    VersionChain prunedAt(Timestamp horizon) {
        return pruned(new ArrayList<>(versions), horizon, truncated);
    }

    private static VersionChain pruned(List<Version> next, Timestamp horizon, boolean truncated) {
        while (next.size() > 1 && ValueOrder.compareTimestamps(next.get(1).time(), horizon) <= 0) {
            next.remove(0);
        }
        if (next.size() == 1
                && next.get(0).document() == null
                && ValueOrder.compareTimestamps(next.get(0).time(), horizon) <= 0) {
            return null;
        }
        return new VersionChain(List.copyOf(next), truncated);
    }

    StoredDocument latest() {
        return versions.get(versions.size() - 1).document();
    }
}

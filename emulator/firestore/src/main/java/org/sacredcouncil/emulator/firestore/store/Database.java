package org.sacredcouncil.emulator.firestore.store;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sacredcouncil.emulator.firestore.path.ResourceName;

/**
 * The documents of one database ({@code projects/P/databases/D}), kept sorted by name so that a
 * collection or a subtree is one contiguous range. Commits are applied one at a time under
 * {@link #commitLock()}, which also orders the change notifications that listeners receive.
 */
public final class Database {
    private final String name;
    private final ConcurrentSkipListMap<ResourceName, StoredDocument> documents = new ConcurrentSkipListMap<>();
    private final ReentrantLock commitLock = new ReentrantLock(true);
    private final CommitClock clock;
    private final List<Consumer<CommitEvent>> commitObservers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Database(String name, CommitClock clock) {
        this.name = name;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    public StoredDocument get(ResourceName doc) {
        return documents.get(doc);
    }

    /** Every stored document whose name starts with {@code prefix} (excluding the prefix itself). */
    public List<StoredDocument> under(ResourceName prefix) {
        List<StoredDocument> out = new ArrayList<>();
        for (Map.Entry<ResourceName, StoredDocument> e : documents.tailMap(prefix, false).entrySet()) {
            if (!prefix.isPrefixOf(e.getKey())) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    /** Names of stored documents under a prefix, cheaper than {@link #under} when only names are needed. */
    public Iterable<ResourceName> namesUnder(ResourceName prefix) {
        List<ResourceName> out = new ArrayList<>();
        for (ResourceName n : documents.tailMap(prefix, false).keySet()) {
            if (!prefix.isPrefixOf(n)) {
                break;
            }
            out.add(n);
        }
        return out;
    }

    public ReentrantLock commitLock() {
        return commitLock;
    }

    public CommitClock clock() {
        return clock;
    }

    /**
     * Applies one commit's final states (null = deleted). The caller holds {@link #commitLock()}.
     */
    public void apply(Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
        if (!commitLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("commit lock not held");
        }
        Map<ResourceName, StoredDocument> before = new java.util.LinkedHashMap<>();
        for (Map.Entry<ResourceName, StoredDocument> e : finalStates.entrySet()) {
            StoredDocument old = e.getValue() == null ? documents.remove(e.getKey()) : documents.put(e.getKey(), e.getValue());
            before.put(e.getKey(), old);
        }
        CommitEvent event = new CommitEvent(this, before, finalStates, commitTime);
        for (Consumer<CommitEvent> o : commitObservers) {
            o.accept(event);
        }
    }

    public void addCommitObserver(Consumer<CommitEvent> observer) {
        commitObservers.add(observer);
    }

    public void removeCommitObserver(Consumer<CommitEvent> observer) {
        commitObservers.remove(observer);
    }

    /** Drops every document (the emulator's reset); listeners see the deletions. */
    public void clear() {
        commitLock.lock();
        try {
            Map<ResourceName, StoredDocument> deletions = new java.util.LinkedHashMap<>();
            for (ResourceName n : documents.keySet()) {
                deletions.put(n, null);
            }
            if (!deletions.isEmpty()) {
                apply(deletions, clock.next());
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** What one commit changed: states before and after (null = absent). */
    public record CommitEvent(Database database, Map<ResourceName, StoredDocument> before,
                              Map<ResourceName, StoredDocument> after, Timestamp commitTime) {
    }
}

package org.sacredcouncil.emulator.firestore.store;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/**
 * The documents of one database ({@code projects/P/databases/D}), kept sorted by name so that a
 * collection or a subtree is one contiguous range. Commits are applied one at a time under
 * {@link #commitLock()}, which also orders the change notifications that listeners receive.
 *
 * <p>Besides the current state, every version younger than {@link #RETENTION} is kept (as the
 * service's one hour of point-in-time reads): {@link #at} reads the database as of a past time.
 * Invariant: {@code documents} holds exactly the latest non-deleted version of each chain in
 * {@code history}; both change only under the commit lock.
 */
public final class Database implements DocumentView {
    /** How long past versions stay readable: the service's default point-in-time window. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private final String name;
    private final ConcurrentSkipListMap<ResourceName, StoredDocument> documents = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<ResourceName, VersionChain> history = new ConcurrentSkipListMap<>();
    private final ReentrantLock commitLock = new ReentrantLock(true);
    private final CommitClock clock;
    private final List<Consumer<CommitEvent>> commitObservers = new CopyOnWriteArrayList<>();
    private volatile CommitJournal journal = CommitJournal.NONE;

    public Database(String name, CommitClock clock) {
        this.name = name;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    @Override
    public StoredDocument get(ResourceName doc) {
        return documents.get(doc);
    }

    @Override
    public List<StoredDocument> under(ResourceName prefix) {
        List<StoredDocument> out = new ArrayList<>();
        for (Map.Entry<ResourceName, StoredDocument> e :
                documents.tailMap(prefix, false).entrySet()) {
            if (!prefix.isPrefixOf(e.getKey())) {
                break;
            }
            out.add(e.getValue());
        }
        return out;
    }

    @Override
    public List<ResourceName> namesUnder(ResourceName prefix) {
        List<ResourceName> out = new ArrayList<>();
        for (ResourceName n : documents.tailMap(prefix, false).keySet()) {
            if (!prefix.isPrefixOf(n)) {
                break;
            }
            out.add(n);
        }
        return out;
    }

    /**
     * The database as it was at {@code readTime}. Refused (as the service does) when the time is older
     * than the retention window, since versions before it are gone.
     */
    public DocumentView at(Timestamp readTime) {
        Timestamp horizon = horizon();
        if (ValueOrder.compareTimestamps(readTime, horizon) < 0) {
            // The service's code and words; versions older than the window are gone.
            throw Status.FAILED_PRECONDITION
                    .withDescription("The requested snapshot version is too old. read_time must be"
                            + " within the past " + RETENTION.toMinutes() + " minutes")
                    .asRuntimeException();
        }
        if (ValueOrder.compareTimestamps(readTime, clock.current()) > 0) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("read_time cannot be in the future")
                    .asRuntimeException();
        }
        return new PastView(readTime);
    }

    /** The oldest read time still served. */
    public Timestamp horizon() {
        Timestamp now = clock.current();
        return Timestamp.newBuilder()
                .setSeconds(now.getSeconds() - RETENTION.toSeconds())
                .setNanos(now.getNanos())
                .build();
    }

    public ReentrantLock commitLock() {
        return commitLock;
    }

    public CommitClock clock() {
        return clock;
    }

    /** Where commits are made durable; set once, before the database serves (persistence). */
    public void journal(CommitJournal journal) {
        this.journal = journal;
    }

    public CommitJournal journal() {
        return journal;
    }

    /**
     * Applies one commit's final states (null = deleted). The caller holds {@link #commitLock()} and,
     * after releasing it and before answering its client, calls {@link CommitJournal#awaitDurable}
     * with the returned ticket.
     */
    public long apply(Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
        if (!commitLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("commit lock not held");
        }
        long ticket = journal.append(name, finalStates, commitTime);
        Map<ResourceName, StoredDocument> before = install(finalStates, commitTime);
        CommitEvent event = new CommitEvent(this, before, finalStates, commitTime);
        for (Consumer<CommitEvent> o : commitObservers) {
            o.accept(event);
        }
        return ticket;
    }

    /** Re-applies a commit read back from disk at start-up: no journal, no observers. */
    public void replay(Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
        commitLock.lock();
        try {
            clock.observe(commitTime);
            install(finalStates, commitTime);
        } finally {
            commitLock.unlock();
        }
    }

    private Map<ResourceName, StoredDocument> install(
            Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
        Timestamp horizon = horizon();
        Map<ResourceName, StoredDocument> before = new LinkedHashMap<>();
        for (Map.Entry<ResourceName, StoredDocument> e : finalStates.entrySet()) {
            StoredDocument old =
                    e.getValue() == null ? documents.remove(e.getKey()) : documents.put(e.getKey(), e.getValue());
            before.put(e.getKey(), old);
            VersionChain chain = history.get(e.getKey());
            VersionChain next = chain == null
                    ? VersionChain.of(commitTime, e.getValue()).prunedAt(horizon)
                    : chain.append(commitTime, e.getValue(), horizon);
            if (next == null) {
                history.remove(e.getKey());
            } else {
                history.put(e.getKey(), next);
            }
        }
        return before;
    }

    /** Every retained version, oldest commit first within each document (what a snapshot on disk holds). */
    public Map<ResourceName, List<VersionChain.Version>> retainedVersions() {
        Timestamp horizon = horizon();
        Map<ResourceName, List<VersionChain.Version>> out = new LinkedHashMap<>();
        for (Map.Entry<ResourceName, VersionChain> e : history.entrySet()) {
            VersionChain c = e.getValue().prunedAt(horizon);
            if (c != null) {
                out.put(e.getKey(), c.versions());
            }
        }
        return out;
    }

    public void addCommitObserver(Consumer<CommitEvent> observer) {
        commitObservers.add(observer);
    }

    public void removeCommitObserver(Consumer<CommitEvent> observer) {
        commitObservers.remove(observer);
    }

    /** Drops every document (the emulator's reset); listeners see the deletions. */
    public void clear() {
        long ticket = -1;
        commitLock.lock();
        try {
            Map<ResourceName, StoredDocument> deletions = new LinkedHashMap<>();
            for (ResourceName n : documents.keySet()) {
                deletions.put(n, null);
            }
            if (!deletions.isEmpty()) {
                ticket = apply(deletions, clock.next());
            }
        } finally {
            commitLock.unlock();
        }
        journal.awaitDurable(ticket);
    }

    /** What one commit changed: states before and after (null = absent). */
    public record CommitEvent(
            Database database,
            Map<ResourceName, StoredDocument> before,
            Map<ResourceName, StoredDocument> after,
            Timestamp commitTime) {}

    /** The database at a past read time, read from the version chains. */
    private final class PastView implements DocumentView {
        private final Timestamp readTime;

        PastView(Timestamp readTime) {
            this.readTime = readTime;
        }

        @Override
        public StoredDocument get(ResourceName doc) {
            VersionChain c = history.get(doc);
            return c == null ? null : c.at(readTime);
        }

        @Override
        public List<StoredDocument> under(ResourceName prefix) {
            List<StoredDocument> out = new ArrayList<>();
            for (Map.Entry<ResourceName, VersionChain> e :
                    history.tailMap(prefix, false).entrySet()) {
                if (!prefix.isPrefixOf(e.getKey())) {
                    break;
                }
                StoredDocument d = e.getValue().at(readTime);
                if (d != null) {
                    out.add(d);
                }
            }
            return out;
        }

        @Override
        public List<ResourceName> namesUnder(ResourceName prefix) {
            List<ResourceName> out = new ArrayList<>();
            for (StoredDocument d : under(prefix)) {
                out.add(d.name());
            }
            return out;
        }
    }
}

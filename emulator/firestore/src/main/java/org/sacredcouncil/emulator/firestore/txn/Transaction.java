package org.sacredcouncil.emulator.firestore.txn;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * A read-write or read-only transaction. A read-write transaction remembers the version of every
 * document it read; its commit is refused with ABORTED (and the client retries it) if any of them
 * changed meanwhile. Reads never block, because the official client runs transaction callbacks on a
 * small thread pool: a read that waited for another transaction's lock could starve the very thread
 * that would deliver that transaction's commit.
 */
public final class Transaction {
    private static final Timestamp ABSENT = Timestamp.getDefaultInstance();

    private final ByteString id;
    private final Database database;
    private final boolean readOnly;
    private final Map<ResourceName, Timestamp> readVersions = new HashMap<>();
    private final Timestamp readTime;
    private final java.util.List<org.sacredcouncil.emulator.firestore.query.QueryPlan> queries =
            new java.util.ArrayList<>();
    private volatile boolean finished;
    private volatile long lastActivityNanos = System.nanoTime();

    Transaction(ByteString id, Database database, boolean readOnly, Timestamp readTime) {
        this.id = id;
        this.database = database;
        this.readOnly = readOnly;
        this.readTime = readTime;
    }

    /** The snapshot a read-only transaction reads (its read_time, or its start); null for read-write. */
    public Timestamp readTime() {
        return readTime;
    }

    public ByteString id() {
        return id;
    }

    public Database database() {
        return database;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean finished() {
        return finished;
    }

    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Waits until this transaction commits or rolls back; false if it is still open after {@code millis}. */
    synchronized boolean awaitFinished(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!finished) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Remembers the first version of a document this transaction saw (null = absent). */
    public synchronized void recordRead(ResourceName name, StoredDocument seen) {
        lastActivityNanos = System.nanoTime();
        if (!readOnly) {
            readVersions.putIfAbsent(name, seen == null ? ABSENT : seen.updateTime());
        }
    }

    /**
     * Remembers a query (or aggregation) this transaction ran: every document of its scope counts as
     * read, including ones that do not exist yet, as the service's range locks make them.
     */
    public synchronized void recordQuery(org.sacredcouncil.emulator.firestore.query.QueryPlan plan) {
        lastActivityNanos = System.nanoTime();
        if (!readOnly) {
            queries.add(plan);
        }
    }

    /** Whether a write to {@code name} would touch what this read-write transaction has read. */
    synchronized boolean holds(ResourceName name) {
        if (readOnly || finished) {
            return false;
        }
        if (readVersions.containsKey(name)) {
            return true;
        }
        for (org.sacredcouncil.emulator.firestore.query.QueryPlan q : queries) {
            if (q.inScope(name)) {
                return true;
            }
        }
        return false;
    }

    long idleNanos() {
        return System.nanoTime() - lastActivityNanos;
    }

    /** The first document read that has changed since; null if every read is still current. */
    public synchronized ResourceName firstStaleRead(Database db) {
        for (Map.Entry<ResourceName, Timestamp> e : readVersions.entrySet()) {
            StoredDocument now = db.get(e.getKey());
            Timestamp version = now == null ? ABSENT : now.updateTime();
            if (!Objects.equals(version, e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }
}

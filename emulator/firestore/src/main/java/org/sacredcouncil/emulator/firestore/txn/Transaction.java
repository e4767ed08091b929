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
    private volatile boolean finished;

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

    void finish() {
        finished = true;
    }

    /** Remembers the first version of a document this transaction saw (null = absent). */
    public synchronized void recordRead(ResourceName name, StoredDocument seen) {
        if (!readOnly) {
            readVersions.putIfAbsent(name, seen == null ? ABSENT : seen.updateTime());
        }
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

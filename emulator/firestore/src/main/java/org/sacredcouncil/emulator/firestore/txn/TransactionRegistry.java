package org.sacredcouncil.emulator.firestore.txn;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.sacredcouncil.emulator.firestore.store.Database;

/** Open transactions by id. */
public final class TransactionRegistry {
    private final ConcurrentMap<ByteString, Transaction> open = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /**
     * @param readTime for a read-only transaction, the time it reads at (null = now: a read-only
     *                 transaction reads one consistent snapshot, as the service's)
     */
    public Transaction begin(Database db, boolean readOnly, Timestamp readTime) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        Timestamp at = null;
        if (readOnly) {
            at = readTime != null ? readTime : db.clock().current();
            db.at(at); // refuses a read time outside the retained window
        }
        Transaction t = new Transaction(ByteString.copyFrom(id), db, readOnly, at);
        open.put(t.id(), t);
        return t;
    }

    public Transaction get(ByteString id, Database db) {
        Transaction t = open.get(id);
        if (t == null || t.finished()) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Transaction is not active (expired, committed or rolled back)")
                    .asRuntimeException();
        }
        if (t.database() != db) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Transaction belongs to another database")
                    .asRuntimeException();
        }
        return t;
    }

    /**
     * How long a write outside any transaction waits for the open read-write transactions that read one of
     * its documents (or ran a query whose range covers it) before it fails with ABORTED "Transaction lock
     * timeout." — what Google's emulator does (measured: about 2 s), as the service's pessimistic locks make
     * such a write wait for the transaction.
     */
    public static final long LOCK_TIMEOUT_MILLIS = 2_000;
    /** A transaction idle this long no longer holds writers back (the service's idle expiry is 60 s). */
    static final long IDLE_LOCK_NANOS = 60_000_000_000L;

    /**
     * Blocks until no open read-write transaction of {@code db} holds one of {@code names}.
     * @throws io.grpc.StatusRuntimeException ABORTED when one still does after {@link #LOCK_TIMEOUT_MILLIS}
     */
    public void awaitUnlocked(
            org.sacredcouncil.emulator.firestore.store.Database db,
            java.util.Collection<org.sacredcouncil.emulator.firestore.path.ResourceName> names) {
        long deadline = System.nanoTime() + LOCK_TIMEOUT_MILLIS * 1_000_000L;
        try {
            for (Transaction t : open.values()) {
                if (t.database() != db
                        || t.idleNanos() > IDLE_LOCK_NANOS
                        || names.stream().noneMatch(t::holds)) {
                    continue;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !t.awaitFinished(left)) {
                    throw Status.ABORTED
                            .withDescription("Transaction lock timeout.")
                            .asRuntimeException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.ABORTED
                    .withDescription("Interrupted while waiting for a transaction lock")
                    .asRuntimeException();
        }
    }

    /** Commit or rollback. */
    public void end(Transaction t) {
        t.finish();
        open.remove(t.id());
    }

    public void clear() {
        for (Transaction t : open.values()) {
            t.finish();
        }
        open.clear();
    }
}

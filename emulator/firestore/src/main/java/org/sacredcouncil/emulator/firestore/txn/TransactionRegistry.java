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
            throw Status.INVALID_ARGUMENT.withDescription("Transaction is not active (expired, committed or rolled back)")
                    .asRuntimeException();
        }
        if (t.database() != db) {
            throw Status.INVALID_ARGUMENT.withDescription("Transaction belongs to another database").asRuntimeException();
        }
        return t;
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

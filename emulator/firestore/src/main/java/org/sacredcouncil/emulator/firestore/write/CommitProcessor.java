package org.sacredcouncil.emulator.firestore.write;

import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.auth.AccessPolicy;
import org.sacredcouncil.emulator.firestore.auth.Caller;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.txn.Transaction;
import org.sacredcouncil.emulator.firestore.txn.TransactionRegistry;

/**
 * Applies a list of writes atomically under the database's commit lock: checks that a transaction's
 * reads are still current, computes every new state, asks the access policy about each, then stores
 * all or none.
 */
public final class CommitProcessor {
    private final TransactionRegistry transactions;
    private final AccessPolicy policy;

    public CommitProcessor(TransactionRegistry transactions, AccessPolicy policy) {
        this.transactions = transactions;
        this.policy = policy;
    }

    /** @param txn the transaction being committed, or null; it ends here, whatever the outcome. */
    public Result commit(Database db, List<Write> writes, Transaction txn, Caller caller) {
        try {
            if (txn != null && txn.readOnly() && !writes.isEmpty()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Cannot write in a read-only transaction")
                        .asRuntimeException();
            }
            List<ResourceName> names = new ArrayList<>();
            for (Write w : writes) {
                ResourceName n = WriteApplier.target(w);
                if (!n.database().equals(db.name())) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Write to " + n.name() + " is outside " + db.name())
                            .asRuntimeException();
                }
                names.add(n);
            }
            if (txn == null) {
                // Outside a transaction: wait for transactions that read these documents, as writes wait for the
                // service's locks (ABORTED past the lock timeout); outside the commit lock, so they can commit
                // meanwhile.
                transactions.awaitUnlocked(db, names);
            }
            return applyLocked(db, writes, names, txn, caller);
        } finally {
            if (txn != null) {
                transactions.end(txn);
            }
        }
    }

    private Result applyLocked(
            Database db, List<Write> writes, List<ResourceName> names, Transaction txn, Caller caller) {
        long ticket = -1;
        Result result;
        db.commitLock().lock();
        try {
            if (txn != null) {
                ResourceName stale = txn.firstStaleRead(db);
                if (stale != null) {
                    throw Status.ABORTED
                            .withDescription("Transaction aborted: " + stale.name()
                                    + " was changed by another write since this transaction read it")
                            .asRuntimeException();
                }
            }
            Timestamp commitTime = db.clock().next();
            Map<ResourceName, StoredDocument> staged = new LinkedHashMap<>();
            List<WriteResult> results = new ArrayList<>(writes.size());
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                ResourceName n = names.get(i);
                StoredDocument current = staged.containsKey(n) ? staged.get(n) : db.get(n);
                WriteApplier.Outcome outcome = WriteApplier.apply(w, n, current, commitTime);
                StoredDocument original = db.get(n);
                AccessPolicy.Operation op = outcome.after() == null
                        ? AccessPolicy.Operation.DELETE
                        : (original == null ? AccessPolicy.Operation.CREATE : AccessPolicy.Operation.UPDATE);
                policy.check(caller, op, n, original, outcome.after(), db);
                if (outcome.after() != current) {
                    staged.put(n, outcome.after());
                }
                // The service leaves update_time unset after a delete (the BulkWriter reports the epoch).
                WriteResult.Builder r = WriteResult.newBuilder().addAllTransformResults(outcome.transformResults());
                if (outcome.after() != null) {
                    r.setUpdateTime(outcome.after().updateTime());
                }
                results.add(r.build());
            }
            if (!staged.isEmpty()) {
                ticket = db.apply(staged, commitTime);
            }
            result = new Result(results, commitTime);
        } finally {
            db.commitLock().unlock();
        }
        // Outside the lock: commits queued behind this one share its fsync (group commit).
        db.journal().awaitDurable(ticket);
        return result;
    }

    /** The write results (one per write, in order) and the commit time. */
    public record Result(List<WriteResult> writeResults, Timestamp commitTime) {}
}

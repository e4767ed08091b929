package org.sacredcouncil.emulator.firestore.grpc;

import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.TransactionOptions;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.sacredcouncil.emulator.firestore.auth.AccessPolicy;
import org.sacredcouncil.emulator.firestore.auth.Caller;
import org.sacredcouncil.emulator.firestore.auth.CallerInterceptor;
import org.sacredcouncil.emulator.firestore.listen.ListenSession;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.path.Utf8Order;
import org.sacredcouncil.emulator.firestore.query.Aggregations;
import org.sacredcouncil.emulator.firestore.query.QueryPlan;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.store.DocumentView;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.txn.Transaction;
import org.sacredcouncil.emulator.firestore.txn.TransactionRegistry;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.write.CommitProcessor;

/** The {@code google.firestore.v1.Firestore} service over the in-memory store. */
public final class FirestoreService extends FirestoreGrpc.FirestoreImplBase {
    private final DatabaseRegistry registry;
    private final TransactionRegistry transactions;
    private final AccessPolicy policy;
    private final CommitProcessor commits;

    public FirestoreService(DatabaseRegistry registry, TransactionRegistry transactions, AccessPolicy policy) {
        this.registry = registry;
        this.transactions = transactions;
        this.policy = policy;
        this.commits = new CommitProcessor(transactions, policy);
    }

    private Database databaseOf(String database) {
        if (!database.matches("projects/[^/]+/databases/[^/]+")) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Invalid database name: \"" + database + "\"")
                    .asRuntimeException();
        }
        return registry.database(database);
    }

    private static <T> void fail(StreamObserver<T> out, RuntimeException e) {
        if (e instanceof StatusRuntimeException s) {
            out.onError(s);
        } else if (e instanceof IllegalArgumentException) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } else {
            out.onError(Status.INTERNAL
                    .withDescription(String.valueOf(e))
                    .withCause(e)
                    .asRuntimeException());
        }
    }

    /** Answers a unary call with the response {@code body} builds, or with the status it throws. */
    private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
        respond(out, () -> List.of(body.get()));
    }

    /**
     * Answers a call with the responses {@code body} builds, all built before the first is sent: a failure
     * (a rules denial, a bad argument) becomes the call's status, never a stream cut short.
     */
    private static <T> void respond(StreamObserver<T> out, Supplier<List<T>> body) {
        try {
            List<T> responses = body.get();
            responses.forEach(out::onNext);
            out.onCompleted();
        } catch (RuntimeException e) {
            fail(out, e);
        }
    }

    /** The transaction a read runs in: an existing one, a new one, or none. */
    private Transaction readTransaction(Database db, ByteString existing, TransactionOptions begin) {
        if (existing != null && !existing.isEmpty()) {
            return transactions.get(existing, db);
        }
        if (begin != null) {
            boolean readOnly = !begin.hasReadWrite();
            Timestamp at = readOnly && begin.getReadOnly().hasReadTime()
                    ? begin.getReadOnly().getReadTime()
                    : null;
            return transactions.begin(db, readOnly, at);
        }
        return null;
    }

    /**
     * What a read sees: a read-only transaction's snapshot, the request's {@code read_time}, or now.
     * (A read-write transaction reads the latest state; its commit checks that nothing it read changed.)
     */
    private static DocumentView viewOf(Database db, Transaction txn, Timestamp readTime) {
        Timestamp at = readTimeOf(txn, readTime);
        return at == null ? db : db.at(at);
    }

    private static Timestamp readTimeOf(Transaction txn, Timestamp readTime) {
        if (txn != null && txn.readTime() != null) {
            return txn.readTime();
        }
        return readTime;
    }

    /** The read time a response reports. */
    private static Timestamp reportedReadTime(Database db, Transaction txn, Timestamp readTime) {
        Timestamp at = readTimeOf(txn, readTime);
        return at != null ? at : db.clock().current();
    }

    @Override
    public void getDocument(GetDocumentRequest request, StreamObserver<Document> out) {
        unary(out, () -> {
            ResourceName name = ResourceName.parseDocument(request.getName());
            Database db = databaseOf(name.database());
            Transaction txn = readTransaction(db, request.hasTransaction() ? request.getTransaction() : null, null);
            StoredDocument d = viewOf(db, txn, request.hasReadTime() ? request.getReadTime() : null)
                    .get(name);
            if (txn != null) {
                txn.recordRead(name, d);
            }
            policy.check(caller(), AccessPolicy.Operation.GET, name, d, null, db);
            if (d == null) {
                throw Status.NOT_FOUND
                        .withDescription("Document not found: " + name.name())
                        .asRuntimeException();
            }
            return d.toProto(mask(request.hasMask() ? request.getMask().getFieldPathsList() : null));
        });
    }

    @Override
    public void batchGetDocuments(BatchGetDocumentsRequest request, StreamObserver<BatchGetDocumentsResponse> out) {
        respond(out, () -> {
            Database db = databaseOf(request.getDatabase());
            List<ResourceName> names = new ArrayList<>();
            for (String n : request.getDocumentsList()) {
                ResourceName name = ResourceName.parseDocument(n);
                if (!name.database().equals(db.name())) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription(n + " is not in " + db.name())
                            .asRuntimeException();
                }
                names.add(name);
            }
            Transaction txn = readTransaction(
                    db,
                    request.hasTransaction() ? request.getTransaction() : null,
                    request.hasNewTransaction() ? request.getNewTransaction() : null);
            List<FieldPath> mask = mask(request.hasMask() ? request.getMask().getFieldPathsList() : null);
            Caller caller = caller();
            List<BatchGetDocumentsResponse> responses = new ArrayList<>();
            Timestamp requested = request.hasReadTime() ? request.getReadTime() : null;
            DocumentView view = viewOf(db, txn, requested);
            Timestamp readTime = reportedReadTime(db, txn, requested);
            if (request.hasNewTransaction()) {
                // the new transaction's id comes first, in a response of its own
                responses.add(BatchGetDocumentsResponse.newBuilder()
                        .setTransaction(txn.id())
                        .setReadTime(readTime)
                        .build());
            }
            for (ResourceName name : names) {
                StoredDocument d = view.get(name);
                if (txn != null) {
                    txn.recordRead(name, d);
                }
                policy.check(caller, AccessPolicy.Operation.GET, name, d, null, db);
                BatchGetDocumentsResponse.Builder r =
                        BatchGetDocumentsResponse.newBuilder().setReadTime(readTime);
                if (d == null) {
                    r.setMissing(name.name());
                } else {
                    r.setFound(d.toProto(mask));
                }
                responses.add(r.build());
            }
            return responses;
        });
    }

    private static List<FieldPath> mask(List<String> paths) {
        if (paths == null) {
            return null;
        }
        List<FieldPath> out = new ArrayList<>();
        for (String p : paths) {
            out.add(FieldPath.parse(p));
        }
        return out;
    }

    private static Caller caller() {
        return CallerInterceptor.current();
    }

    @Override
    public void beginTransaction(BeginTransactionRequest request, StreamObserver<BeginTransactionResponse> out) {
        unary(out, () -> {
            Database db = databaseOf(request.getDatabase());
            boolean readOnly = request.hasOptions() && request.getOptions().hasReadOnly();
            if (request.hasOptions()
                    && request.getOptions().hasReadWrite()
                    && !request.getOptions()
                            .getReadWrite()
                            .getRetryTransaction()
                            .isEmpty()) {
                Transaction previous = null;
                try {
                    previous =
                            transactions.get(request.getOptions().getReadWrite().getRetryTransaction(), db);
                } catch (StatusRuntimeException ignoredExpired) {
                    // The client retries after a rollback; the earlier attempt is usually gone already.
                }
                if (previous != null) {
                    transactions.end(previous);
                }
            }
            Timestamp at = readOnly && request.getOptions().getReadOnly().hasReadTime()
                    ? request.getOptions().getReadOnly().getReadTime()
                    : null;
            Transaction t = transactions.begin(db, readOnly, at);
            return BeginTransactionResponse.newBuilder().setTransaction(t.id()).build();
        });
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<Empty> out) {
        unary(out, () -> {
            Database db = databaseOf(request.getDatabase());
            transactions.end(transactions.get(request.getTransaction(), db));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void commit(CommitRequest request, StreamObserver<CommitResponse> out) {
        unary(out, () -> {
            Database db = databaseOf(request.getDatabase());
            Transaction txn =
                    request.getTransaction().isEmpty() ? null : transactions.get(request.getTransaction(), db);
            CommitProcessor.Result r = commits.commit(db, request.getWritesList(), txn, caller());
            return CommitResponse.newBuilder()
                    .addAllWriteResults(r.writeResults())
                    .setCommitTime(r.commitTime())
                    .build();
        });
    }

    @Override
    public void batchWrite(BatchWriteRequest request, StreamObserver<BatchWriteResponse> out) {
        unary(out, () -> {
            Database db = databaseOf(request.getDatabase());
            Caller caller = caller();
            BatchWriteResponse.Builder b = BatchWriteResponse.newBuilder();
            for (Write w : request.getWritesList()) {
                try {
                    CommitProcessor.Result r = commits.commit(db, List.of(w), null, caller);
                    b.addWriteResults(r.writeResults().get(0));
                    b.addStatus(com.google.rpc.Status.newBuilder().setCode(Code.OK_VALUE));
                } catch (StatusRuntimeException e) {
                    b.addWriteResults(WriteResult.getDefaultInstance());
                    b.addStatus(com.google.rpc.Status.newBuilder()
                            .setCode(e.getStatus().getCode().value())
                            .setMessage(String.valueOf(e.getStatus().getDescription())));
                }
            }
            return b.build();
        });
    }

    /** Runs a query with rule checks and transaction locks; returns the visible documents. */
    private List<StoredDocument> query(
            Database db,
            ResourceName parent,
            com.google.firestore.v1.StructuredQuery q,
            Transaction txn,
            Timestamp readTime) {
        if (!parent.database().equals(db.name())) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Parent is outside the database")
                    .asRuntimeException();
        }
        QueryPlan plan = QueryPlan.compile(parent, q);
        List<StoredDocument> docs = plan.run(viewOf(db, txn, readTime));
        if (txn != null) {
            txn.recordQuery(plan);
            docs.forEach(d -> txn.recordRead(d.name(), d));
        }
        Caller caller = caller();
        for (StoredDocument d : docs) {
            policy.check(caller, AccessPolicy.Operation.LIST, d.name(), d, null, db);
        }
        if (docs.isEmpty()) {
            policy.check(caller, AccessPolicy.Operation.LIST, plan.sampleDocument(), null, null, db);
        }
        return docs;
    }

    @Override
    public void runQuery(RunQueryRequest request, StreamObserver<RunQueryResponse> out) {
        respond(out, () -> {
            ResourceName parent = ResourceName.parse(request.getParent());
            Database db = databaseOf(parent.database());
            Transaction txn = readTransaction(
                    db,
                    request.hasTransaction() ? request.getTransaction() : null,
                    request.hasNewTransaction() ? request.getNewTransaction() : null);
            QueryPlan plan = QueryPlan.compile(parent, request.getStructuredQuery());
            Timestamp requested = request.hasReadTime() ? request.getReadTime() : null;
            List<StoredDocument> docs = query(db, parent, request.getStructuredQuery(), txn, requested);
            Timestamp readTime = reportedReadTime(db, txn, requested);
            List<RunQueryResponse> responses = new ArrayList<>();
            for (StoredDocument d : docs) {
                responses.add(RunQueryResponse.newBuilder()
                        .setReadTime(readTime)
                        .setDocument(d.toProto(plan.projection()))
                        .build());
            }
            if (responses.isEmpty()) {
                // no document: one response still carries the read time (and the new transaction)
                responses.add(
                        RunQueryResponse.newBuilder().setReadTime(readTime).build());
            }
            if (request.hasNewTransaction()) {
                responses.set(
                        0, responses.get(0).toBuilder().setTransaction(txn.id()).build());
            }
            return responses;
        });
    }

    @Override
    public void runAggregationQuery(
            RunAggregationQueryRequest request, StreamObserver<RunAggregationQueryResponse> out) {
        unary(out, () -> {
            ResourceName parent = ResourceName.parse(request.getParent());
            Database db = databaseOf(parent.database());
            Transaction txn = readTransaction(
                    db,
                    request.hasTransaction() ? request.getTransaction() : null,
                    request.hasNewTransaction() ? request.getNewTransaction() : null);
            var aq = request.getStructuredAggregationQuery();
            Aggregations.check(aq.getAggregationsList());
            Timestamp requested = request.hasReadTime() ? request.getReadTime() : null;
            List<StoredDocument> docs = query(db, parent, aq.getStructuredQuery(), txn, requested);
            RunAggregationQueryResponse.Builder r = RunAggregationQueryResponse.newBuilder()
                    .setResult(Aggregations.compute(aq.getAggregationsList(), docs))
                    .setReadTime(reportedReadTime(db, txn, requested));
            if (request.hasNewTransaction()) {
                r.setTransaction(txn.id());
            }
            return r.build();
        });
    }

    @Override
    public void listDocuments(ListDocumentsRequest request, StreamObserver<ListDocumentsResponse> out) {
        unary(out, () -> {
            ResourceName parent = ResourceName.parse(request.getParent());
            if (!parent.isRoot() && !parent.isDocument()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Parent must be a document or the root")
                        .asRuntimeException();
            }
            if (request.getCollectionId().isEmpty()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("collection_id is required")
                        .asRuntimeException();
            }
            Database db = databaseOf(parent.database());
            Transaction txn = request.hasTransaction() ? transactions.get(request.getTransaction(), db) : null;
            DocumentView view = viewOf(db, txn, request.hasReadTime() ? request.getReadTime() : null);
            ResourceName collection = parent.child(request.getCollectionId());
            int depth = collection.segments().size() + 1;
            TreeSet<ResourceName> names = new TreeSet<>();
            for (ResourceName n : view.namesUnder(collection)) {
                ResourceName doc = n;
                while (doc.segments().size() > depth) {
                    doc = doc.parent();
                }
                if (doc.segments().size() == depth && (request.getShowMissing() || view.get(doc) != null)) {
                    names.add(doc);
                }
            }
            List<FieldPath> mask = mask(request.hasMask() ? request.getMask().getFieldPathsList() : null);
            ResourceName after = request.getPageToken().isEmpty() ? null : ResourceName.parse(request.getPageToken());
            int pageSize = request.getPageSize() <= 0 ? Integer.MAX_VALUE : request.getPageSize();
            ListDocumentsResponse.Builder b = ListDocumentsResponse.newBuilder();
            Caller caller = caller();
            ResourceName last = null;
            for (ResourceName n : after == null ? names : names.tailSet(after, false)) {
                if (b.getDocumentsCount() >= pageSize) {
                    b.setNextPageToken(last.name());
                    break;
                }
                StoredDocument d = view.get(n);
                policy.check(caller, AccessPolicy.Operation.LIST, n, d, null, db);
                b.addDocuments(
                        d == null ? Document.newBuilder().setName(n.name()).build() : d.toProto(mask));
                last = n;
            }
            return b.build();
        });
    }

    @Override
    public void listCollectionIds(ListCollectionIdsRequest request, StreamObserver<ListCollectionIdsResponse> out) {
        unary(out, () -> {
            ResourceName parent = ResourceName.parse(request.getParent());
            if (!parent.isRoot() && !parent.isDocument()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Parent must be a document or the root")
                        .asRuntimeException();
            }
            Database db = databaseOf(parent.database());
            if (!caller().privileged()) {
                policy.check(caller(), AccessPolicy.Operation.LIST, null, null, null, db);
            }
            TreeSet<String> ids = new TreeSet<>(Utf8Order::compare);
            int index = parent.segments().size();
            DocumentView view = viewOf(db, null, request.hasReadTime() ? request.getReadTime() : null);
            for (ResourceName n : view.namesUnder(parent)) {
                ids.add(n.segments().get(index));
            }
            int pageSize = request.getPageSize() <= 0 ? Integer.MAX_VALUE : request.getPageSize();
            ListCollectionIdsResponse.Builder b = ListCollectionIdsResponse.newBuilder();
            for (String id : request.getPageToken().isEmpty() ? ids : ids.tailSet(request.getPageToken(), false)) {
                if (b.getCollectionIdsCount() >= pageSize) {
                    b.setNextPageToken(b.getCollectionIds(b.getCollectionIdsCount() - 1));
                    break;
                }
                b.addCollectionIds(id);
            }
            return b.build();
        });
    }

    @Override
    public StreamObserver<com.google.firestore.v1.WriteRequest> write(
            StreamObserver<com.google.firestore.v1.WriteResponse> out) {
        return new WriteStream(registry, commits, caller(), out);
    }

    @Override
    public StreamObserver<ListenRequest> listen(StreamObserver<ListenResponse> out) {
        return new ListenSession(registry, policy, caller(), out);
    }
}

package org.sacredcouncil.emulator.firestore.listen;

import com.google.firestore.v1.DocumentChange;
import com.google.firestore.v1.DocumentRemove;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.Target;
import com.google.firestore.v1.TargetChange;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.sacredcouncil.emulator.firestore.auth.AccessPolicy;
import org.sacredcouncil.emulator.firestore.auth.Caller;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.query.QueryPlan;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/**
 * One Listen stream. Per target it sends ADD, the documents, CURRENT, then a global NO_CHANGE with a
 * read time and resume token (the point where the client raises a snapshot); after each commit that
 * touches a target it sends the changed and removed documents and another NO_CHANGE.
 */
public final class ListenSession implements StreamObserver<ListenRequest> {
    private final DatabaseRegistry registry;
    private final AccessPolicy policy;
    private final Caller caller;
    private final StreamObserver<ListenResponse> out;
    private final Map<Integer, TargetView> targets = new LinkedHashMap<>();
    private final Consumer<Database.CommitEvent> observer = this::onCommit;
    private Database database;
    private boolean closed;

    public ListenSession(
            DatabaseRegistry registry, AccessPolicy policy, Caller caller, StreamObserver<ListenResponse> out) {
        this.registry = registry;
        this.policy = policy;
        this.caller = caller;
        this.out = out;
    }

    @Override
    public void onNext(ListenRequest request) {
        try {
            Database db = databaseOf(request.getDatabase());
            switch (request.getTargetChangeCase()) {
                case ADD_TARGET:
                    addTarget(db, request.getAddTarget());
                    break;
                case REMOVE_TARGET:
                    removeTarget(request.getRemoveTarget());
                    break;
                default:
                    throw Status.INVALID_ARGUMENT
                            .withDescription("ListenRequest has no target change")
                            .asRuntimeException();
            }
        } catch (StatusRuntimeException e) {
            fail(e);
        } catch (IllegalArgumentException e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private synchronized Database databaseOf(String name) {
        if (database == null) {
            if (!name.matches("projects/[^/]+/databases/[^/]+")) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Invalid database: " + name)
                        .asRuntimeException();
            }
            database = registry.database(name);
            database.addCommitObserver(observer);
        } else if (!database.name().equals(name)) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("One Listen stream serves one database")
                    .asRuntimeException();
        }
        return database;
    }

    private void addTarget(Database db, Target target) {
        int id = target.getTargetId();
        TargetView view;
        if (target.hasQuery()) {
            ResourceName parent = ResourceName.parse(target.getQuery().getParent());
            view = TargetView.forQuery(
                    id, QueryPlan.compile(parent, target.getQuery().getStructuredQuery()));
        } else if (target.hasDocuments()) {
            Set<ResourceName> names = new LinkedHashSet<>();
            for (String n : target.getDocuments().getDocumentsList()) {
                names.add(ResourceName.parseDocument(n));
            }
            view = TargetView.forDocuments(id, names);
        } else {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Target has neither a query nor documents")
                    .asRuntimeException();
        }
        db.commitLock().lock();
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (targets.containsKey(id)) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Target id " + id + " is already in use")
                            .asRuntimeException();
                }
                if (target.hasQuery() && target.getQuery().getStructuredQuery().hasFindNearest()) {
                    // vector search has no real-time listeners in the service; Google's emulator serves one
                    refuse(
                            id,
                            Status.INVALID_ARGUMENT.withDescription(
                                    "A query with find_nearest (a vector query) cannot be listened to: run it with RunQuery"));
                    return;
                }
                List<StoredDocument> initial = view.evaluate(db);
                try {
                    authorize(db, view, initial);
                } catch (StatusRuntimeException denied) {
                    refuse(id, denied.getStatus());
                    return;
                }
                targets.put(id, view);
                send(targetChange(TargetChange.TargetChangeType.ADD, id, null));
                if (!target.getResumeToken().isEmpty()) {
                    send(targetChange(TargetChange.TargetChangeType.RESET, id, null));
                }
                TargetView.Diff diff = view.replace(initial);
                for (StoredDocument d : diff.upserts()) {
                    send(change(d, id));
                }
                Timestamp now = db.clock().current();
                send(targetChange(TargetChange.TargetChangeType.CURRENT, id, now));
                send(globalNoChange(now));
            }
        } finally {
            db.commitLock().unlock();
        }
    }

    /** A target the service will not serve is removed with the cause; the stream goes on for the others. */
    private void refuse(int id, Status why) {
        send(ListenResponse.newBuilder()
                .setTargetChange(TargetChange.newBuilder()
                        .setTargetChangeType(TargetChange.TargetChangeType.REMOVE)
                        .addTargetIds(id)
                        .setCause(com.google.rpc.Status.newBuilder()
                                .setCode(why.getCode().value())
                                .setMessage(String.valueOf(why.getDescription()))))
                .build());
    }

    private void authorize(Database db, TargetView view, List<StoredDocument> docs) {
        if (view.query() != null) {
            for (StoredDocument d : docs) {
                policy.check(caller, AccessPolicy.Operation.LIST, d.name(), d, null, db);
            }
            if (docs.isEmpty()) {
                policy.check(caller, AccessPolicy.Operation.LIST, view.query().sampleDocument(), null, null, db);
            }
        } else {
            for (ResourceName n : view.documentNames()) {
                policy.check(caller, AccessPolicy.Operation.GET, n, db.get(n), null, db);
            }
        }
    }

    private synchronized void removeTarget(int id) {
        if (targets.remove(id) == null) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("No target with id " + id)
                    .asRuntimeException();
        }
        send(targetChange(TargetChange.TargetChangeType.REMOVE, id, null));
    }

    /** Runs under the database's commit lock, so sessions see commits in order. */
    private synchronized void onCommit(Database.CommitEvent event) {
        if (closed) {
            return;
        }
        boolean sent = false;
        for (TargetView view : targets.values()) {
            boolean touched = event.after().keySet().stream().anyMatch(view::concerns);
            if (!touched) {
                continue;
            }
            TargetView.Diff diff = view.replace(view.evaluate(event.database()));
            for (StoredDocument d : diff.upserts()) {
                send(change(d, view.targetId()));
                sent = true;
            }
            for (ResourceName n : diff.removals()) {
                send(ListenResponse.newBuilder()
                        .setDocumentRemove(DocumentRemove.newBuilder()
                                .setDocument(n.name())
                                .addRemovedTargetIds(view.targetId())
                                .setReadTime(event.commitTime()))
                        .build());
                sent = true;
            }
        }
        if (sent) {
            send(globalNoChange(event.commitTime()));
        }
    }

    private static ListenResponse change(StoredDocument d, int targetId) {
        return ListenResponse.newBuilder()
                .setDocumentChange(
                        DocumentChange.newBuilder().setDocument(d.toProto()).addTargetIds(targetId))
                .build();
    }

    private static ListenResponse targetChange(TargetChange.TargetChangeType type, int id, Timestamp readTime) {
        TargetChange.Builder b =
                TargetChange.newBuilder().setTargetChangeType(type).addTargetIds(id);
        if (readTime != null) {
            b.setResumeToken(resumeToken(readTime));
        }
        return ListenResponse.newBuilder().setTargetChange(b).build();
    }

    private static ListenResponse globalNoChange(Timestamp readTime) {
        return ListenResponse.newBuilder()
                .setTargetChange(TargetChange.newBuilder()
                        .setTargetChangeType(TargetChange.TargetChangeType.NO_CHANGE)
                        .setReadTime(readTime)
                        .setResumeToken(resumeToken(readTime)))
                .build();
    }

    private static ByteString resumeToken(Timestamp t) {
        return ByteString.copyFrom(ByteBuffer.allocate(12)
                .putLong(t.getSeconds())
                .putInt(t.getNanos())
                .array());
    }

    private synchronized void send(ListenResponse r) {
        if (!closed) {
            out.onNext(r);
        }
    }

    private synchronized void fail(StatusRuntimeException e) {
        if (!closed) {
            closed = true;
            detach();
            out.onError(e);
        }
    }

    private void detach() {
        if (database != null) {
            database.removeCommitObserver(observer);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        closed = true;
        detach();
    }

    @Override
    public synchronized void onCompleted() {
        if (!closed) {
            closed = true;
            detach();
            out.onCompleted();
        }
    }
}

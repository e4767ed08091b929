package org.sacredcouncil.emulator.firestore.grpc;

import com.google.firestore.v1.WriteRequest;
import com.google.firestore.v1.WriteResponse;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.sacredcouncil.emulator.firestore.auth.Caller;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.write.CommitProcessor;

/**
 * The streaming {@code Write} RPC the JS and mobile SDKs use: a handshake without writes returns a
 * stream id and token; each later request is one atomic commit answered with its results.
 */
final class WriteStream implements StreamObserver<WriteRequest> {
    private final DatabaseRegistry registry;
    private final CommitProcessor commits;
    private final Caller caller;
    private final StreamObserver<WriteResponse> out;
    private Database database;
    private String streamId;
    private long sequence;
    private boolean closed;

    WriteStream(DatabaseRegistry registry, CommitProcessor commits, Caller caller, StreamObserver<WriteResponse> out) {
        this.registry = registry;
        this.commits = commits;
        this.caller = caller;
        this.out = out;
    }

    @Override
    public synchronized void onNext(WriteRequest request) {
        if (closed) {
            return;
        }
        try {
            if (!request.getStreamId().isEmpty()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Resuming streams is not supported, do not set stream ID.")
                        .asRuntimeException();
            }
            if (streamId == null) {
                if (!request.getDatabase().matches("projects/[^/]+/databases/[^/]+")) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Invalid database: " + request.getDatabase())
                            .asRuntimeException();
                }
                if (request.getWritesCount() > 0) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("The first request of a Write stream is a handshake without writes")
                            .asRuntimeException();
                }
                database = registry.database(request.getDatabase());
                streamId = UUID.randomUUID().toString();
                out.onNext(WriteResponse.newBuilder()
                        .setStreamId(streamId)
                        .setStreamToken(token())
                        .build());
                return;
            }
            CommitProcessor.Result r = commits.commit(database, request.getWritesList(), null, caller);
            out.onNext(WriteResponse.newBuilder()
                    .setStreamId(streamId)
                    .setStreamToken(token())
                    .addAllWriteResults(r.writeResults())
                    .setCommitTime(r.commitTime())
                    .build());
        } catch (StatusRuntimeException e) {
            closed = true;
            out.onError(e);
        } catch (IllegalArgumentException e) {
            closed = true;
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private ByteString token() {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(++sequence).array());
    }

    @Override
    public synchronized void onError(Throwable t) {
        closed = true;
    }

    @Override
    public synchronized void onCompleted() {
        if (!closed) {
            closed = true;
            out.onCompleted();
        }
    }
}

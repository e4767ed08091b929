package org.sacredcouncil.emulator.pubsub;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs one unary call: its value, or its status error (INTERNAL for a bug), goes to the client. */
final class UnaryCalls {

    private UnaryCalls() {}

    static <T> void run(StreamObserver<T> out, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        } catch (RuntimeException e) {
            out.onError(
                    Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }
}

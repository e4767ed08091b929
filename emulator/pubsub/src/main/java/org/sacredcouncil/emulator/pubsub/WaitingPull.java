package org.sacredcouncil.emulator.pubsub;

import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A unary Pull that found nothing: it waits as a one-shot consumer until messages arrive, the
 * client goes away, or the wait ends with an empty response (as the real service does).
 */
final class WaitingPull implements MessageConsumer {

    private final SubscriptionQueue queue;
    private final StreamObserver<PullResponse> out;
    private final int maxMessages;
    private final long ackDeadlineMillis;
    private final AtomicBoolean answered = new AtomicBoolean();
    private boolean taken; // guarded by the queue's lock

    WaitingPull(SubscriptionQueue queue, StreamObserver<PullResponse> out, int maxMessages, long ackDeadlineMillis) {
        this.queue = queue;
        this.out = out;
        this.maxMessages = maxMessages;
        this.ackDeadlineMillis = ackDeadlineMillis;
    }

    @Override
    public int capacity() {
        return taken ? 0 : maxMessages;
    }

    @Override
    public long ackDeadlineMillis() {
        return ackDeadlineMillis;
    }

    @Override
    public void leased(int count) {
        taken = true;
    }

    @Override
    public void released(int count) {
        // a unary pull keeps no flow-control window
    }

    boolean isTaken() {
        return taken;
    }

    @Override
    public void deliver(List<ReceivedMessage> batch) {
        queue.removeConsumer(this);
        answer(batch);
    }

    void answer(List<ReceivedMessage> batch) {
        if (answered.compareAndSet(false, true)) {
            try {
                out.onNext(
                        PullResponse.newBuilder().addAllReceivedMessages(batch).build());
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // client cancelled; its leases expire
            }
        }
    }
}

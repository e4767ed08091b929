package org.sacredcouncil.emulator.pubsub;

import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One StreamingPull stream: the first request names the subscription, its stream ack deadline
 * and the client's flow control ({@code max_outstanding_messages}); later requests carry acks and
 * deadline changes. Messages are sent as they become deliverable, never more than the client's
 * outstanding limit at a time.
 */
final class StreamingPullSession implements StreamObserver<StreamingPullRequest>, MessageConsumer {

    private static final int DEFAULT_MAX_OUTSTANDING = 1000;

    private final Broker broker;
    private final ServerCallStreamObserver<StreamingPullResponse> out;
    private SubscriptionQueue queue;
    private long ackDeadlineMillis;
    private int maxOutstanding;
    private int outstanding; // guarded by the queue's lock
    private volatile boolean closed;
    private final java.util.function.Consumer<StreamingPullSession> onDetach;

    StreamingPullSession(
            Broker broker,
            StreamObserver<StreamingPullResponse> out,
            java.util.function.Consumer<StreamingPullSession> onDetach) {
        this.broker = broker;
        this.onDetach = onDetach;
        this.out = (ServerCallStreamObserver<StreamingPullResponse>) out;
        this.out.setOnCancelHandler(this::detach);
    }

    @Override
    public void onNext(StreamingPullRequest request) {
        if (closed) {
            return;
        }
        try {
            if (queue == null) {
                open(request);
            }
            if (request.getModifyDeadlineAckIdsCount() != request.getModifyDeadlineSecondsCount()) {
                throw ResourceNames.invalid("modify_deadline_ack_ids and modify_deadline_seconds differ in length.");
            }
            if (request.getAckIdsCount() > 0) {
                List<String> invalid = queue.acknowledge(request.getAckIdsList());
                if (queue.exactlyOnce()) {
                    confirmAcks(request.getAckIdsList(), invalid);
                }
            }
            if (request.getModifyDeadlineAckIdsCount() > 0) {
                Map<Integer, List<String>> bySeconds = new HashMap<>();
                for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
                    int seconds = request.getModifyDeadlineSeconds(i);
                    if (seconds < 0 || seconds > 600) {
                        throw ResourceNames.invalid(
                                "Invalid ack deadline given: " + seconds + " (must be 0-600 seconds).");
                    }
                    bySeconds.computeIfAbsent(seconds, s -> new ArrayList<>()).add(request.getModifyDeadlineAckIds(i));
                }
                List<String> invalid = new ArrayList<>();
                bySeconds.forEach((seconds, ids) -> invalid.addAll(queue.modifyAckDeadline(ids, seconds)));
                if (queue.exactlyOnce()) {
                    confirmModacks(request.getModifyDeadlineAckIdsList(), invalid);
                }
            }
        } catch (io.grpc.StatusRuntimeException e) {
            terminate(e.getStatus());
        }
    }

    /** With exactly-once delivery the service confirms stream acks, naming the invalid ones. */
    private void confirmAcks(List<String> ackIds, List<String> invalid) {
        java.util.Set<String> bad = new java.util.HashSet<>(invalid);
        send(StreamingPullResponse.newBuilder()
                .setAcknowledgeConfirmation(StreamingPullResponse.AcknowledgeConfirmation.newBuilder()
                        .addAllAckIds(
                                ackIds.stream().filter(id -> !bad.contains(id)).toList())
                        .addAllInvalidAckIds(invalid))
                .setSubscriptionProperties(properties())
                .build());
    }

    private void confirmModacks(List<String> ackIds, List<String> invalid) {
        java.util.Set<String> bad = new java.util.HashSet<>(invalid);
        send(StreamingPullResponse.newBuilder()
                .setModifyAckDeadlineConfirmation(StreamingPullResponse.ModifyAckDeadlineConfirmation.newBuilder()
                        .addAllAckIds(ackIds.stream()
                                .filter(id -> !bad.contains(id))
                                .distinct()
                                .toList())
                        .addAllInvalidAckIds(invalid))
                .setSubscriptionProperties(properties())
                .build());
    }

    private StreamingPullResponse.SubscriptionProperties properties() {
        return StreamingPullResponse.SubscriptionProperties.newBuilder()
                .setMessageOrderingEnabled(queue.config().getEnableMessageOrdering())
                .setExactlyOnceDeliveryEnabled(queue.config().getEnableExactlyOnceDelivery())
                .build();
    }

    private void open(StreamingPullRequest first) {
        SubscriptionQueue found = broker.requireAttached(first.getSubscription());
        int seconds = first.getStreamAckDeadlineSeconds();
        if (seconds < 10 || seconds > 600) {
            throw ResourceNames.invalid("Invalid stream ack deadline given: " + seconds + " (must be 10-600 seconds).");
        }
        ackDeadlineMillis = seconds * 1000L;
        maxOutstanding = first.getMaxOutstandingMessages() > 0
                ? (int) Math.min(first.getMaxOutstandingMessages(), Integer.MAX_VALUE)
                : DEFAULT_MAX_OUTSTANDING;
        queue = found;
        queue.addConsumer(this);
    }

    @Override
    public void onError(Throwable t) {
        detach();
    }

    @Override
    public void onCompleted() {
        detach();
        synchronized (out) {
            try {
                out.onCompleted();
            } catch (RuntimeException ignored) {
                // already closed by the client
            }
        }
    }

    /** Leases of a closed stream run out by their deadline, as on the real service. */
    private void detach() {
        closed = true;
        onDetach.accept(this);
        if (queue != null) {
            queue.removeConsumer(this);
        }
    }

    void terminate(Status status) {
        detach();
        synchronized (out) {
            try {
                out.onError(status.asRuntimeException());
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    @Override
    public int capacity() {
        return closed ? 0 : maxOutstanding - outstanding;
    }

    @Override
    public long ackDeadlineMillis() {
        return ackDeadlineMillis;
    }

    @Override
    public void leased(int count) {
        outstanding += count;
    }

    @Override
    public void released(int count) {
        outstanding -= count;
    }

    @Override
    public void deliver(List<ReceivedMessage> batch) {
        send(StreamingPullResponse.newBuilder()
                .addAllReceivedMessages(batch)
                .setSubscriptionProperties(properties())
                .build());
    }

    private void send(StreamingPullResponse response) {
        synchronized (out) {
            if (closed) {
                return;
            }
            try {
                out.onNext(response);
            } catch (RuntimeException e) {
                detach();
            }
        }
    }
}

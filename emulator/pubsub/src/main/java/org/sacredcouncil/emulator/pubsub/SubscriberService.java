package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Empty;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.CreateSnapshotRequest;
import com.google.pubsub.v1.DeleteSnapshotRequest;
import com.google.pubsub.v1.DeleteSubscriptionRequest;
import com.google.pubsub.v1.GetSnapshotRequest;
import com.google.pubsub.v1.GetSubscriptionRequest;
import com.google.pubsub.v1.ListSnapshotsRequest;
import com.google.pubsub.v1.ListSnapshotsResponse;
import com.google.pubsub.v1.ListSubscriptionsRequest;
import com.google.pubsub.v1.ListSubscriptionsResponse;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.ModifyPushConfigRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.SeekResponse;
import com.google.pubsub.v1.Snapshot;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.UpdateSnapshotRequest;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** google.pubsub.v1.Subscriber over the broker. */
final class SubscriberService extends SubscriberGrpc.SubscriberImplBase {

    private final Broker broker;
    private final long pullWaitMillis;

    SubscriberService(Broker broker, long pullWaitMillis) {
        this.broker = broker;
        this.pullWaitMillis = pullWaitMillis;
    }

    @Override
    public void createSubscription(Subscription request, StreamObserver<Subscription> out) {
        UnaryCalls.run(out, () -> broker.createSubscription(request));
    }

    @Override
    public void getSubscription(GetSubscriptionRequest request, StreamObserver<Subscription> out) {
        UnaryCalls.run(out, () -> broker.queue(request.getSubscription()).config());
    }

    @Override
    public void updateSubscription(UpdateSubscriptionRequest request, StreamObserver<Subscription> out) {
        UnaryCalls.run(out, () -> {
            Subscription current =
                    broker.queue(request.getSubscription().getName()).config();
            if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
                throw ResourceNames.invalid("update_mask must name at least one field.");
            }
            Subscription.Builder updated = current.toBuilder();
            FieldMaskUtil.merge(
                    request.getUpdateMask(),
                    request.getSubscription(),
                    updated,
                    new FieldMaskUtil.MergeOptions()
                            .setReplaceMessageFields(true)
                            .setReplaceRepeatedFields(true));
            return broker.updateSubscription(updated.build());
        });
    }

    @Override
    public void listSubscriptions(ListSubscriptionsRequest request, StreamObserver<ListSubscriptionsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<Subscription> page = Page.of(
                    broker.listSubscriptions(request.getProject()),
                    Subscription::getName,
                    request.getPageSize(),
                    request.getPageToken());
            return ListSubscriptionsResponse.newBuilder()
                    .addAllSubscriptions(page.items())
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void deleteSubscription(DeleteSubscriptionRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            broker.deleteSubscription(request.getSubscription());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void modifyPushConfig(ModifyPushConfigRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            Subscription current = broker.queue(request.getSubscription()).config();
            broker.updateSubscription(
                    current.toBuilder().setPushConfig(request.getPushConfig()).build());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            SubscriptionQueue queue = broker.queue(request.getSubscription());
            int seconds = request.getAckDeadlineSeconds();
            if (seconds < 0 || seconds > 600) {
                throw ResourceNames.invalid("Invalid ack deadline given: " + seconds + " (must be 0-600 seconds).");
            }
            if (request.getAckIdsCount() == 0) {
                throw ResourceNames.invalid("No ack ids specified.");
            }
            List<String> invalid = queue.modifyAckDeadline(request.getAckIdsList(), seconds);
            if (queue.exactlyOnce() && !invalid.isEmpty()) {
                throw AckFailures.invalidAckIds(invalid);
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            SubscriptionQueue queue = broker.queue(request.getSubscription());
            if (request.getAckIdsCount() == 0) {
                throw ResourceNames.invalid("No ack ids specified.");
            }
            List<String> invalid = queue.acknowledge(request.getAckIdsList());
            if (queue.exactlyOnce() && !invalid.isEmpty()) {
                throw AckFailures.invalidAckIds(invalid);
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void pull(PullRequest request, StreamObserver<PullResponse> out) {
        SubscriptionQueue queue;
        List<ReceivedMessage> available;
        try {
            queue = broker.requireAttached(request.getSubscription());
            if (request.getMaxMessages() <= 0) {
                throw ResourceNames.invalid("max_messages must be greater than 0.");
            }
            available = queue.pullNow(request.getMaxMessages());
        } catch (io.grpc.StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        @SuppressWarnings("deprecation")
        boolean returnImmediately = request.getReturnImmediately();
        if (!available.isEmpty() || returnImmediately || pullWaitMillis <= 0) {
            out.onNext(
                    PullResponse.newBuilder().addAllReceivedMessages(available).build());
            out.onCompleted();
            return;
        }
        WaitingPull waiting =
                new WaitingPull(queue, out, request.getMaxMessages(), queue.subscriptionAckDeadlineMillis());
        ((ServerCallStreamObserver<PullResponse>) out).setOnCancelHandler(() -> queue.cancelWaiting(waiting));
        try {
            queue.addConsumer(waiting);
        } catch (io.grpc.StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        broker.scheduler()
                .schedule(
                        () -> {
                            if (queue.cancelWaiting(waiting)) {
                                waiting.answer(List.of());
                            }
                        },
                        pullWaitMillis,
                        TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- snapshots and seek

    @Override
    public void createSnapshot(CreateSnapshotRequest request, StreamObserver<Snapshot> out) {
        UnaryCalls.run(
                out,
                () -> broker.createSnapshot(
                        request.getName(),
                        ResourceNames.requireSubscription(request.getSubscription()),
                        request.getLabelsMap()));
    }

    @Override
    public void getSnapshot(GetSnapshotRequest request, StreamObserver<Snapshot> out) {
        UnaryCalls.run(out, () -> broker.getSnapshot(request.getSnapshot()));
    }

    @Override
    public void listSnapshots(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<Snapshot> page = Page.of(
                    broker.listSnapshots(request.getProject()),
                    Snapshot::getName,
                    request.getPageSize(),
                    request.getPageToken());
            return ListSnapshotsResponse.newBuilder()
                    .addAllSnapshots(page.items())
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void updateSnapshot(UpdateSnapshotRequest request, StreamObserver<Snapshot> out) {
        UnaryCalls.run(out, () -> {
            Snapshot current = broker.getSnapshot(request.getSnapshot().getName());
            if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
                throw ResourceNames.invalid("update_mask must name at least one field.");
            }
            for (String path : request.getUpdateMask().getPathsList()) {
                if (!path.equals("labels") && !path.equals("expire_time")) {
                    throw ResourceNames.invalid("Invalid update_mask: " + path + " cannot be updated.");
                }
            }
            Snapshot.Builder updated = current.toBuilder();
            FieldMaskUtil.merge(
                    request.getUpdateMask(),
                    request.getSnapshot(),
                    updated,
                    new FieldMaskUtil.MergeOptions()
                            .setReplaceMessageFields(true)
                            .setReplaceRepeatedFields(true));
            return broker.updateSnapshot(updated.build());
        });
    }

    @Override
    public void deleteSnapshot(DeleteSnapshotRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            broker.deleteSnapshot(request.getSnapshot());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void seek(SeekRequest request, StreamObserver<SeekResponse> out) {
        UnaryCalls.run(out, () -> {
            String subscription = ResourceNames.requireSubscription(request.getSubscription());
            switch (request.getTargetCase()) {
                case TIME -> broker.seekToTime(subscription, Timestamps.toMillis(request.getTime()));
                case SNAPSHOT -> broker.seekToSnapshot(subscription, request.getSnapshot());
                default -> throw ResourceNames.invalid("A seek needs a time or a snapshot.");
            }
            return SeekResponse.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> out) {
        return broker.openStream(out);
    }
}

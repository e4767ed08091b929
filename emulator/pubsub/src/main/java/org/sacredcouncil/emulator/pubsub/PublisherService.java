package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Empty;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.pubsub.v1.DeleteTopicRequest;
import com.google.pubsub.v1.DetachSubscriptionRequest;
import com.google.pubsub.v1.DetachSubscriptionResponse;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.ListTopicSnapshotsRequest;
import com.google.pubsub.v1.ListTopicSnapshotsResponse;
import com.google.pubsub.v1.ListTopicSubscriptionsRequest;
import com.google.pubsub.v1.ListTopicSubscriptionsResponse;
import com.google.pubsub.v1.ListTopicsRequest;
import com.google.pubsub.v1.ListTopicsResponse;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.UpdateTopicRequest;
import io.grpc.stub.StreamObserver;

/** google.pubsub.v1.Publisher over the broker. */
final class PublisherService extends PublisherGrpc.PublisherImplBase {

    private final Broker broker;

    PublisherService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void createTopic(Topic request, StreamObserver<Topic> out) {
        UnaryCalls.run(out, () -> broker.createTopic(request));
    }

    @Override
    public void updateTopic(UpdateTopicRequest request, StreamObserver<Topic> out) {
        UnaryCalls.run(out, () -> {
            Topic current = broker.getTopic(request.getTopic().getName());
            if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
                throw ResourceNames.invalid("update_mask must name at least one field.");
            }
            Topic.Builder updated = current.toBuilder();
            FieldMaskUtil.merge(
                    request.getUpdateMask(),
                    request.getTopic(),
                    updated,
                    new FieldMaskUtil.MergeOptions()
                            .setReplaceMessageFields(true)
                            .setReplaceRepeatedFields(true));
            return broker.updateTopic(updated.build());
        });
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> out) {
        UnaryCalls.run(
                out,
                () -> PublishResponse.newBuilder()
                        .addAllMessageIds(broker.publish(
                                ResourceNames.requireTopic(request.getTopic()), request.getMessagesList()))
                        .build());
    }

    @Override
    public void getTopic(GetTopicRequest request, StreamObserver<Topic> out) {
        UnaryCalls.run(out, () -> broker.getTopic(request.getTopic()));
    }

    @Override
    public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<Topic> page = Page.of(
                    broker.listTopics(request.getProject()),
                    Topic::getName,
                    request.getPageSize(),
                    request.getPageToken());
            return ListTopicsResponse.newBuilder()
                    .addAllTopics(page.items())
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void listTopicSubscriptions(
            ListTopicSubscriptionsRequest request, StreamObserver<ListTopicSubscriptionsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<String> page = Page.of(
                    broker.listTopicSubscriptions(request.getTopic()),
                    s -> s,
                    request.getPageSize(),
                    request.getPageToken());
            return ListTopicSubscriptionsResponse.newBuilder()
                    .addAllSubscriptions(page.items())
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void listTopicSnapshots(ListTopicSnapshotsRequest request, StreamObserver<ListTopicSnapshotsResponse> out) {
        UnaryCalls.run(out, () -> {
            Page<String> page = Page.of(
                    broker.listTopicSnapshots(request.getTopic()),
                    n -> n,
                    request.getPageSize(),
                    request.getPageToken());
            return ListTopicSnapshotsResponse.newBuilder()
                    .addAllSnapshots(page.items())
                    .setNextPageToken(page.nextToken())
                    .build();
        });
    }

    @Override
    public void detachSubscription(DetachSubscriptionRequest request, StreamObserver<DetachSubscriptionResponse> out) {
        UnaryCalls.run(out, () -> {
            broker.detachSubscription(ResourceNames.requireSubscription(request.getSubscription()));
            return DetachSubscriptionResponse.getDefaultInstance();
        });
    }

    @Override
    public void deleteTopic(DeleteTopicRequest request, StreamObserver<Empty> out) {
        UnaryCalls.run(out, () -> {
            broker.deleteTopic(request.getTopic());
            return Empty.getDefaultInstance();
        });
    }
}

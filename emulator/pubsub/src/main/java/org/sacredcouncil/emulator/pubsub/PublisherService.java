package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Empty;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.pubsub.v1.DeleteTopicRequest;
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
import java.util.List;
import java.util.function.Supplier;

/** google.pubsub.v1.Publisher over the broker. */
final class PublisherService extends PublisherGrpc.PublisherImplBase {

    private final Broker broker;

    PublisherService(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void createTopic(Topic request, StreamObserver<Topic> out) {
        Calls.unary(out, () -> broker.createTopic(request));
    }

    @Override
    public void updateTopic(UpdateTopicRequest request, StreamObserver<Topic> out) {
        Calls.unary(out, () -> {
            Topic current = broker.getTopic(request.getTopic().getName());
            if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
                throw ResourceNames.invalid("update_mask must name at least one field.");
            }
            Topic.Builder updated = current.toBuilder();
            FieldMaskUtil.merge(request.getUpdateMask(), request.getTopic(), updated,
                    new FieldMaskUtil.MergeOptions().setReplaceMessageFields(true).setReplaceRepeatedFields(true));
            return broker.updateTopic(updated.build());
        });
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishResponse> out) {
        Calls.unary(out, () -> PublishResponse.newBuilder()
                .addAllMessageIds(broker.publish(ResourceNames.requireTopic(request.getTopic()),
                        request.getMessagesList()))
                .build());
    }

    @Override
    public void getTopic(GetTopicRequest request, StreamObserver<Topic> out) {
        Calls.unary(out, () -> broker.getTopic(request.getTopic()));
    }

    @Override
    public void listTopics(ListTopicsRequest request, StreamObserver<ListTopicsResponse> out) {
        Calls.unary(out, () -> {
            Page<Topic> page = Page.of(broker.listTopics(request.getProject()), Topic::getName,
                    request.getPageSize(), request.getPageToken());
            return ListTopicsResponse.newBuilder().addAllTopics(page.items())
                    .setNextPageToken(page.nextToken()).build();
        });
    }

    @Override
    public void listTopicSubscriptions(ListTopicSubscriptionsRequest request,
                                       StreamObserver<ListTopicSubscriptionsResponse> out) {
        Calls.unary(out, () -> {
            Page<String> page = Page.of(broker.listTopicSubscriptions(request.getTopic()), s -> s,
                    request.getPageSize(), request.getPageToken());
            return ListTopicSubscriptionsResponse.newBuilder().addAllSubscriptions(page.items())
                    .setNextPageToken(page.nextToken()).build();
        });
    }

    @Override
    public void listTopicSnapshots(ListTopicSnapshotsRequest request, StreamObserver<ListTopicSnapshotsResponse> out) {
        Calls.unary(out, () -> {
            broker.getTopic(request.getTopic());
            return ListTopicSnapshotsResponse.getDefaultInstance();
        });
    }

    @Override
    public void deleteTopic(DeleteTopicRequest request, StreamObserver<Empty> out) {
        Calls.unary(out, () -> {
            broker.deleteTopic(request.getTopic());
            return Empty.getDefaultInstance();
        });
    }

    /** Runs one unary call: its value or its status error goes to the client. */
    static final class Calls {
        private Calls() {
        }

        static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
            T value;
            try {
                value = call.get();
            } catch (io.grpc.StatusRuntimeException e) {
                out.onError(e);
                return;
            } catch (RuntimeException e) {
                out.onError(io.grpc.Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
                return;
            }
            out.onNext(value);
            out.onCompleted();
        }
    }

    /** Name-ordered pages; the token is the last name of the previous page. */
    record Page<T>(List<T> items, String nextToken) {
        static <T> Page<T> of(List<T> all, java.util.function.Function<T, String> name, int pageSize, String token) {
            List<T> rest = token.isEmpty() ? all
                    : all.stream().filter(item -> name.apply(item).compareTo(token) > 0).toList();
            if (pageSize <= 0 || rest.size() <= pageSize) {
                return new Page<>(rest, "");
            }
            List<T> items = rest.subList(0, pageSize);
            return new Page<>(items, name.apply(items.get(items.size() - 1)));
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublisherGrpc;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** StreamingPull at the wire level: the client's outstanding limit, acks on the stream, and stream close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamingPullFlowControlTest {

    private static final String TOPIC = "projects/p-test/topics/flow";
    private static final String SUB = "projects/p-test/subscriptions/flow-sub";

    private PubSubEmulator emulator;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        emulator = PubSubEmulator.start(0);
        channel = ManagedChannelBuilder.forTarget(emulator.hostAndPort())
                .usePlaintext()
                .build();
        PublisherGrpc.newBlockingStub(channel)
                .createTopic(Topic.newBuilder().setName(TOPIC).build());
        SubscriberGrpc.newBlockingStub(channel)
                .createSubscription(
                        Subscription.newBuilder().setName(SUB).setTopic(TOPIC).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        emulator.close();
    }

    private static final class Recorder implements StreamObserver<StreamingPullResponse> {
        final List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();

        @Override
        public void onNext(StreamingPullResponse value) {
            received.addAll(value.getReceivedMessagesList());
        }

        @Override
        public void onError(Throwable t) {
            closed.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            closed.complete(Status.OK);
        }
    }

    @Test
    void neverMoreOutstandingThanTheClientAllowsAndAcksOnTheStreamFreeRoom() throws Exception {
        publish(10);
        Recorder recorder = new Recorder();
        StreamObserver<StreamingPullRequest> requests =
                SubscriberGrpc.newStub(channel).streamingPull(recorder);
        requests.onNext(StreamingPullRequest.newBuilder()
                .setSubscription(SUB)
                .setStreamAckDeadlineSeconds(30)
                .setMaxOutstandingMessages(3)
                .build());
        awaitCount(recorder, 3);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(recorder.received).hasSize(3);

        requests.onNext(StreamingPullRequest.newBuilder()
                .addAckIds(recorder.received.get(0).getAckId())
                .build());
        awaitCount(recorder, 4);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(recorder.received).hasSize(4);

        // a nack on the stream frees room too, and the message comes back
        requests.onNext(StreamingPullRequest.newBuilder()
                .addModifyDeadlineAckIds(recorder.received.get(1).getAckId())
                .addModifyDeadlineSeconds(0)
                .build());
        awaitCount(recorder, 5);
        assertThat(recorder.received.stream().map(m -> m.getMessage().getMessageId()))
                .contains(recorder.received.get(1).getMessage().getMessageId());
        requests.onCompleted();
    }

    @Test
    void badFirstRequestClosesTheStreamWithTheRealCodes() throws Exception {
        Recorder missing = new Recorder();
        SubscriberGrpc.newStub(channel)
                .streamingPull(missing)
                .onNext(StreamingPullRequest.newBuilder()
                        .setSubscription("projects/p-test/subscriptions/nope")
                        .setStreamAckDeadlineSeconds(10)
                        .build());
        assertThat(missing.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.NOT_FOUND);

        Recorder badDeadline = new Recorder();
        SubscriberGrpc.newStub(channel)
                .streamingPull(badDeadline)
                .onNext(StreamingPullRequest.newBuilder()
                        .setSubscription(SUB)
                        .setStreamAckDeadlineSeconds(5000)
                        .build());
        assertThat(badDeadline.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void shutdownAndSubscriptionDeletionEndOpenStreams() throws Exception {
        Recorder recorder = new Recorder();
        SubscriberGrpc.newStub(channel)
                .streamingPull(recorder)
                .onNext(StreamingPullRequest.newBuilder()
                        .setSubscription(SUB)
                        .setStreamAckDeadlineSeconds(10)
                        .build());
        TimeUnit.MILLISECONDS.sleep(200);
        SubscriberGrpc.newBlockingStub(channel)
                .deleteSubscription(com.google.pubsub.v1.DeleteSubscriptionRequest.newBuilder()
                        .setSubscription(SUB)
                        .build());
        assertThat(recorder.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.NOT_FOUND);

        SubscriberGrpc.newBlockingStub(channel)
                .createSubscription(
                        Subscription.newBuilder().setName(SUB).setTopic(TOPIC).build());
        Recorder second = new Recorder();
        SubscriberGrpc.newStub(channel)
                .streamingPull(second)
                .onNext(StreamingPullRequest.newBuilder()
                        .setSubscription(SUB)
                        .setStreamAckDeadlineSeconds(10)
                        .build());
        TimeUnit.MILLISECONDS.sleep(200);
        emulator.close();
        assertThat(second.closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    private void publish(int count) {
        PublishRequest.Builder request = PublishRequest.newBuilder().setTopic(TOPIC);
        for (int i = 0; i < count; i++) {
            request.addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8("m" + i)));
        }
        PublisherGrpc.newBlockingStub(channel).publish(request.build());
    }

    private static void awaitCount(Recorder recorder, int count) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (recorder.received.size() < count && System.currentTimeMillis() < end) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(recorder.received).hasSizeGreaterThanOrEqualTo(count);
    }
}

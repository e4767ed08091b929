package org.sacredcouncil.emulator.pubsub.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.AckReplyConsumerWithResponse;
import com.google.cloud.pubsub.v1.AckResponse;
import com.google.cloud.pubsub.v1.MessageReceiverWithAckResponse;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.DetachSubscriptionRequest;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.Snapshot;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.UpdateSnapshotRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service's features beyond publish and deliver, against the same emulators as {@link PubSubConformance}:
 * snapshots and seek, exactly-once delivery, retention bounds, detaching, filters. Each case asserts what
 * the service documents (pubsub.proto and cloud.google.com/pubsub/docs).
 */
abstract class ServiceFeaturesConformance extends PubSubConformance {

    private static final AtomicInteger SNAPSHOTS = new AtomicInteger();

    // ------------------------------------------------------------------ snapshots

    @Test
    void snapshotCreateGetListUpdateDelete() {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        String name = snapshotName();
        Snapshot created = subscriptions.createSnapshot(name, sub);
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getTopic()).isEqualTo(topic);
        // an empty backlog: 7 days from now
        long lifetime = Timestamps.toMillis(created.getExpireTime()) - System.currentTimeMillis();
        assertThat(lifetime)
                .isBetween(
                        Duration.ofDays(7).minusMinutes(5).toMillis(),
                        Duration.ofDays(7).toMillis());
        assertThat(subscriptions.getSnapshot(name).getTopic()).isEqualTo(topic);
        assertThat(names(subscriptions.listSnapshots("projects/" + PROJECT).iterateAll(), Snapshot::getName))
                .contains(name);
        assertThat(names(topics.listTopicSnapshots(topic).iterateAll(), s -> s)).containsExactly(name);

        assertCode(() -> subscriptions.createSnapshot(name, sub), StatusCode.Code.ALREADY_EXISTS);
        subscriptions.deleteSnapshot(name);
        assertCode(() -> subscriptions.getSnapshot(name), StatusCode.Code.NOT_FOUND);
        assertCode(() -> subscriptions.createSnapshot(snapshotName(), subscriptionName()), StatusCode.Code.NOT_FOUND);

        requireBehaviour("update-snapshot");
        String another = subscriptions.createSnapshot(snapshotName(), sub).getName();
        Snapshot labelled = subscriptions.updateSnapshot(UpdateSnapshotRequest.newBuilder()
                .setSnapshot(Snapshot.newBuilder().setName(another).putLabels("purpose", "replay"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels"))
                .build());
        assertThat(labelled.getLabelsMap()).containsEntry("purpose", "replay");
        assertThat(subscriptions.getSnapshot(another).getLabelsMap()).containsEntry("purpose", "replay");
    }

    @Test
    void seekToASnapshotRestoresItsBacklogAndWhatCameAfter() {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        topics.publish(topic, List.of(text("a"), text("b")));
        String snapshot = snapshotName();
        subscriptions.createSnapshot(snapshot, sub);
        ackAll(pullUntil(sub, 2, Duration.ofSeconds(10)), sub);
        topics.publish(topic, List.of(text("c")));
        ackAll(pullUntil(sub, 1, Duration.ofSeconds(10)), sub);
        assertNothingDeliverable(sub, Duration.ofMillis(300));

        seekTo(sub, snapshot);
        List<String> again = data(pullUntil(sub, 3, Duration.ofSeconds(10)));
        assertThat(again).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void seekToASnapshotOfAnotherTopicIsFailedPrecondition() {
        String sub = createPullSubscription(createTopic());
        String other = createPullSubscription(createTopic());
        String snapshot = snapshotName();
        subscriptions.createSnapshot(snapshot, other);
        // the code Google's emulator answers (the service's documentation names none)
        assertCode(() -> seekTo(sub, snapshot), StatusCode.Code.FAILED_PRECONDITION);
        assertCode(() -> seekTo(sub, snapshotName()), StatusCode.Code.NOT_FOUND);
    }

    @Test
    void seekBackInTimeReplaysRetainedAcknowledgedMessages() {
        String topic = createTopic();
        String sub = createSubscription(
                topic, Subscription.newBuilder().setAckDeadlineSeconds(10).setRetainAckedMessages(true));
        long before = System.currentTimeMillis() - 1_000;
        topics.publish(topic, List.of(text("x"), text("y")));
        ackAll(pullUntil(sub, 2, Duration.ofSeconds(10)), sub);
        assertNothingDeliverable(sub, Duration.ofMillis(300));

        seekToTime(sub, before);
        assertThat(data(pullUntil(sub, 2, Duration.ofSeconds(10)))).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void seekBackReachesWhatTheTopicRetainedBeforeTheSubscription() {
        String topic = topics.createTopic(Topic.newBuilder()
                        .setName(topicName())
                        .setMessageRetentionDuration(Durations.fromSeconds(600))
                        .build())
                .getName();
        long before = System.currentTimeMillis() - 1_000;
        topics.publish(topic, List.of(text("early")));
        String sub = createPullSubscription(topic);
        requireBehaviour("topic-retention-seek");
        assertNothingDeliverable(sub, Duration.ofMillis(300)); // a subscription gets what is published after it
        seekToTime(sub, before);
        assertThat(data(pullUntil(sub, 1, Duration.ofSeconds(10)))).containsExactly("early");
        requireBehaviour("topic-message-retention-output");
        assertThat(Durations.toSeconds(subscriptions.getSubscription(sub).getTopicMessageRetentionDuration()))
                .isEqualTo(600);
    }

    @Test
    void seekToNowAcknowledgesTheBacklog() {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        topics.publish(topic, List.of(text("old-1"), text("old-2")));
        sleep(20);
        seekToTime(sub, System.currentTimeMillis() + 1_000);
        assertNothingDeliverable(sub, Duration.ofMillis(500));
        // without retain_acked_messages, a seek back cannot bring acknowledged messages back
        seekToTime(sub, 0);
        assertNothingDeliverable(sub, Duration.ofMillis(500));
    }

    // ------------------------------------------------------------------ exactly-once delivery

    @Test
    void exactlyOnceRejectsBogusAndStaleAckIdsWithTheirErrorInfo() {
        String topic = createTopic();
        String sub = createExactlyOnceSubscription(topic, 30);
        assertThat(subscriptions.getSubscription(sub).getEnableExactlyOnceDelivery())
                .isTrue();
        topics.publish(topic, List.of(text("once"), text("twice")));
        List<ReceivedMessage> got = pullUntil(sub, 2, Duration.ofSeconds(10));

        // a valid and a bogus id in one request: the valid one is acknowledged, the bogus one refused
        String bogus = "not-an-ack-id";
        assertCode(
                () -> subscriptions.acknowledge(sub, List.of(got.get(0).getAckId(), bogus)),
                StatusCode.Code.INVALID_ARGUMENT);
        // acknowledging the same ack id again succeeds (Google's emulator; the service documents nothing else)
        subscriptions.acknowledge(sub, List.of(got.get(0).getAckId()));

        // a nack ends the lease: the old ack id is stale, and the message comes back under a new one
        subscriptions.modifyAckDeadline(sub, List.of(got.get(1).getAckId()), 0);
        assertCode(
                () -> subscriptions.acknowledge(sub, List.of(got.get(1).getAckId())), StatusCode.Code.INVALID_ARGUMENT);
        ReceivedMessage again = pullOne(sub);
        assertThat(again.getMessage().getData().toStringUtf8()).isEqualTo("twice");
        subscriptions.acknowledge(sub, List.of(again.getAckId()));
        assertNothingDeliverable(sub, Duration.ofMillis(300));

        // what the official clients read to end each ack future (StreamingSubscriberConnection)
        requireBehaviour("exactly-once-error-info");
        assertThatThrownBy(() -> subscriptions.acknowledge(sub, List.of(bogus)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getErrorDetails().getErrorInfo().getReason()).isEqualTo("EXACTLY_ONCE_ACKID_FAILURE");
                    assertThat(e.getErrorDetails().getErrorInfo().getMetadataMap())
                            .containsOnlyKeys(bogus)
                            .containsEntry(bogus, "PERMANENT_FAILURE_INVALID_ACK_ID");
                });
    }

    @Test
    void exactlyOnceAckResponsesReachTheOfficialSubscriber() throws Exception {
        String topic = createTopic();
        String sub = createExactlyOnceSubscription(topic, 30);
        topics.publish(topic, List.of(text("one")));
        CompletableFuture<AckResponse> response = new CompletableFuture<>();
        MessageReceiverWithAckResponse receiver = (PubsubMessage message, AckReplyConsumerWithResponse reply) -> {
            try {
                response.complete(reply.ack().get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                response.completeExceptionally(e);
            }
        };
        Subscriber subscriber = Subscriber.newBuilder(ProjectSubscriptionName.parse(sub), receiver)
                .setChannelProvider(clients.channelProvider())
                .setCredentialsProvider(clients.credentialsProvider())
                .build();
        whileRunning(
                subscriber, () -> assertThat(response.get(20, TimeUnit.SECONDS)).isEqualTo(AckResponse.SUCCESSFUL));
        assertNothingDeliverable(sub, Duration.ofMillis(300));
    }

    @Test
    void exactlyOnceAnExpiredLeaseIsStaleAndItsMessageComesBackUnderANewAckId() {
        String topic = createTopic();
        String sub = createExactlyOnceSubscription(topic, 10);
        topics.publish(topic, List.of(text("expires")));
        ReceivedMessage first = pullOne(sub);
        // a leased message is not delivered again before its deadline
        assertNothingDeliverable(sub, Duration.ofMillis(500));
        subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 1); // the lease ends in 1 s
        ReceivedMessage again = redelivery(sub, first, Duration.ofSeconds(15));
        assertThat(again.getAckId()).isNotEqualTo(first.getAckId());
        // the expired lease's ack id is stale, for an ack and for a modack
        assertCode(() -> subscriptions.acknowledge(sub, List.of(first.getAckId())), StatusCode.Code.INVALID_ARGUMENT);
        assertCode(
                () -> subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 30),
                StatusCode.Code.INVALID_ARGUMENT);
        subscriptions.acknowledge(sub, List.of(again.getAckId()));
        assertNothingDeliverable(sub, Duration.ofMillis(300));
    }

    // ------------------------------------------------------------------ retention

    @Test
    void retentionOutsideTenMinutesTo31DaysIsInvalidArgument() {
        for (com.google.protobuf.Duration bad :
                List.of(Durations.fromSeconds(5), Durations.fromSeconds(599), Durations.fromDays(32))) {
            assertCode(
                    () -> topics.createTopic(Topic.newBuilder()
                            .setName(topicName())
                            .setMessageRetentionDuration(bad)
                            .build()),
                    StatusCode.Code.INVALID_ARGUMENT);
            String topic = createTopic();
            assertCode(
                    () -> createSubscription(topic, Subscription.newBuilder().setMessageRetentionDuration(bad)),
                    StatusCode.Code.INVALID_ARGUMENT);
        }
        Topic kept = topics.createTopic(Topic.newBuilder()
                .setName(topicName())
                .setMessageRetentionDuration(Durations.fromSeconds(600))
                .build());
        assertThat(Durations.toSeconds(kept.getMessageRetentionDuration())).isEqualTo(600);
        requireBehaviour("subscription-retention-31-days");
        Subscription sub = subscriptions.createSubscription(Subscription.newBuilder()
                .setName(subscriptionName())
                .setTopic(kept.getName())
                .setMessageRetentionDuration(Durations.fromDays(31))
                .build());
        assertThat(Durations.toSeconds(sub.getMessageRetentionDuration()))
                .isEqualTo(Duration.ofDays(31).toSeconds());
    }

    // ------------------------------------------------------------------ detach

    @Test
    void aDetachedSubscriptionGetsNothingAndRefusesPulls() {
        requireBehaviour("detach");
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        topics.publish(topic, List.of(text("before")));
        topics.detachSubscription(
                DetachSubscriptionRequest.newBuilder().setSubscription(sub).build());
        awaitCondition(() -> subscriptions.getSubscription(sub).getDetached(), Duration.ofSeconds(10));
        assertThat(subscriptions.getSubscription(sub).getDetached()).isTrue();
        topics.publish(topic, List.of(text("after")));
        assertCode(
                () -> subscriptions.pull(PullRequest.newBuilder()
                        .setSubscription(sub)
                        .setMaxMessages(1)
                        .build()),
                StatusCode.Code.FAILED_PRECONDITION);
        assertThat(names(topics.listTopicSubscriptions(topic).iterateAll(), s -> s))
                .doesNotContain(sub);
        subscriptions.deleteSubscription(sub);
    }

    // ------------------------------------------------------------------ filters

    @Test
    void filtersDeliverOnlyMatchingMessages() {
        requireBehaviour("filter");
        String topic = createTopic();
        Map<String, String> filters = Map.of(
                "eq", "attributes.kind = \"sent\"",
                "prefix", "hasPrefix(attributes.region, \"europe-\")",
                "has", "attributes:urgent",
                "not", "NOT attributes:urgent",
                "and-or",
                        "(attributes.kind = \"sent\" OR attributes.kind = \"read\") AND NOT attributes.region = \"us-east1\"");
        Map<String, String> subs = new java.util.TreeMap<>();
        filters.forEach((key, filter) -> subs.put(key, createFilteredSubscription(topic, filter)));
        assertThat(subscriptions.getSubscription(subs.get("eq")).getFilter()).isEqualTo(filters.get("eq"));
        topics.publish(
                topic,
                List.of(
                        message("m1", Map.of("kind", "sent", "region", "europe-west1")),
                        message("m2", Map.of("kind", "read", "region", "us-east1", "urgent", "yes")),
                        message("m3", Map.of("kind", "deleted", "region", "europe-north1")),
                        message("m4", Map.of("kind", "read", "region", "asia-east1"))));
        assertThat(data(pullUntil(subs.get("eq"), 1, Duration.ofSeconds(10)))).containsExactly("m1");
        assertThat(data(pullUntil(subs.get("prefix"), 2, Duration.ofSeconds(10))))
                .containsExactlyInAnyOrder("m1", "m3");
        assertThat(data(pullUntil(subs.get("has"), 1, Duration.ofSeconds(10)))).containsExactly("m2");
        assertThat(data(pullUntil(subs.get("not"), 3, Duration.ofSeconds(10))))
                .containsExactlyInAnyOrder("m1", "m3", "m4");
        assertThat(data(pullUntil(subs.get("and-or"), 2, Duration.ofSeconds(10))))
                .containsExactlyInAnyOrder("m1", "m4");
        for (String sub : subs.values()) {
            assertNothingDeliverable(sub, Duration.ofMillis(200)); // the others were acknowledged at once
        }
    }

    @Test
    void aSubscriptionsFilterCannotBeChanged() {
        String topic = createTopic();
        String filter = "attributes.kind = \"sent\"";
        String sub = createFilteredSubscription(topic, filter);
        // "After creating the subscription, you can't modify the filter" (cloud.google.com/pubsub/docs/filtering)
        assertCode(
                () -> subscriptions.updateSubscription(com.google.pubsub.v1.UpdateSubscriptionRequest.newBuilder()
                        .setSubscription(Subscription.newBuilder()
                                .setName(sub)
                                .setTopic(topic)
                                .setFilter("attributes:other"))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("filter"))
                        .build()),
                StatusCode.Code.INVALID_ARGUMENT);
        assertThat(subscriptions.getSubscription(sub).getFilter()).isEqualTo(filter);
    }

    @Test
    void anInvalidFilterIsInvalidArgument() {
        requireBehaviour("filter");
        String topic = createTopic();
        for (String bad : List.of(
                "attributes.kind = sent",
                "attributes.a = \"x\" AND attributes.b = \"y\" OR attributes:c",
                "hasPrefix(attributes.k)",
                "data = \"x\"",
                "attributes.kind = \"unterminated")) {
            assertCode(() -> createFilteredSubscription(topic, bad), StatusCode.Code.INVALID_ARGUMENT);
        }
    }

    // ------------------------------------------------------------------ helpers

    protected String snapshotName() {
        return "projects/" + PROJECT + "/snapshots/snap-" + SNAPSHOTS.incrementAndGet() + "-"
                + System.nanoTime() % 100000;
    }

    /** A subscription of a new name to {@code topic}, with the other fields of {@code settings}; its name. */
    protected String createSubscription(String topic, Subscription.Builder settings) {
        return subscriptions
                .createSubscription(
                        settings.setName(subscriptionName()).setTopic(topic).build())
                .getName();
    }

    protected String createExactlyOnceSubscription(String topic, int ackDeadlineSeconds) {
        return createSubscription(
                topic,
                Subscription.newBuilder()
                        .setAckDeadlineSeconds(ackDeadlineSeconds)
                        .setEnableExactlyOnceDelivery(true));
    }

    protected String createFilteredSubscription(String topic, String filter) {
        return createSubscription(topic, Subscription.newBuilder().setFilter(filter));
    }

    protected void seekTo(String sub, String snapshot) {
        subscriptions.seek(SeekRequest.newBuilder()
                .setSubscription(sub)
                .setSnapshot(snapshot)
                .build());
    }

    protected void seekToTime(String sub, long epochMillis) {
        subscriptions.seek(SeekRequest.newBuilder()
                .setSubscription(sub)
                .setTime(Timestamps.fromMillis(epochMillis))
                .build());
    }

    protected static List<String> data(List<ReceivedMessage> messages) {
        return messages.stream()
                .map(m -> m.getMessage().getData().toStringUtf8())
                .toList();
    }

    protected static PubsubMessage message(String data, Map<String, String> attributes) {
        return text(data).toBuilder().putAllAttributes(attributes).build();
    }
}

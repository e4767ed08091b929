package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.FieldMask;
import com.google.pubsub.v1.ListTopicsRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import com.google.pubsub.v1.UpdateTopicRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin operations beyond the conformance suite: paging, updates, topic deletion, reset. */
class AdminOperationsTest {

    private PubSubEmulator emulator;
    private PubSubClients clients;
    private TopicAdminClient topics;
    private SubscriptionAdminClient subscriptions;

    @BeforeEach
    void start() {
        emulator = PubSubEmulator.start(0);
        clients = PubSubClients.forHost(emulator.hostAndPort());
        topics = clients.topicAdmin();
        subscriptions = clients.subscriptionAdmin();
    }

    @AfterEach
    void stop() {
        topics.shutdownNow();
        subscriptions.shutdownNow();
        clients.close();
        emulator.close();
    }

    @Test
    void topicsAreListedInPagesOfTheRequestedSize() {
        for (int i = 0; i < 5; i++) {
            topics.createTopic("projects/paging/topics/topic-" + i);
        }
        topics.createTopic("projects/other/topics/not-mine");
        var firstPage = topics.listTopics(ListTopicsRequest.newBuilder()
                        .setProject("projects/paging")
                        .setPageSize(2)
                        .build())
                .getPage();
        assertThat(firstPage.getValues()).hasSize(2);
        assertThat(firstPage.hasNextPage()).isTrue();
        List<String> all = new ArrayList<>();
        topics.listTopics(ListTopicsRequest.newBuilder()
                        .setProject("projects/paging")
                        .setPageSize(2)
                        .build())
                .iterateAll()
                .forEach(t -> all.add(t.getName()));
        assertThat(all)
                .containsExactly(
                        "projects/paging/topics/topic-0",
                        "projects/paging/topics/topic-1",
                        "projects/paging/topics/topic-2",
                        "projects/paging/topics/topic-3",
                        "projects/paging/topics/topic-4");
    }

    @Test
    void updatesChangeOnlyTheMaskedFields() {
        topics.createTopic("projects/upd/topics/events");
        Topic labelled = topics.updateTopic(UpdateTopicRequest.newBuilder()
                .setTopic(
                        Topic.newBuilder().setName("projects/upd/topics/events").putLabels("team", "council"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels"))
                .build());
        assertThat(labelled.getLabelsMap()).containsEntry("team", "council");

        subscriptions.createSubscription(
                "projects/upd/subscriptions/sub-a", "projects/upd/topics/events", PushConfig.getDefaultInstance(), 10);
        Subscription updated = subscriptions.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                .setSubscription(Subscription.newBuilder()
                        .setName("projects/upd/subscriptions/sub-a")
                        .setAckDeadlineSeconds(42)
                        .putLabels("ignored", "yes"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("ack_deadline_seconds"))
                .build());
        assertThat(updated.getAckDeadlineSeconds()).isEqualTo(42);
        assertThat(updated.getLabelsMap()).isEmpty();
        assertThat(updated.getTopic()).isEqualTo("projects/upd/topics/events");

        assertThatThrownBy(() -> subscriptions.updateSubscription(UpdateSubscriptionRequest.newBuilder()
                        .setSubscription(Subscription.newBuilder()
                                .setName("projects/upd/subscriptions/sub-a")
                                .setAckDeadlineSeconds(5))
                        .setUpdateMask(FieldMask.newBuilder().addPaths("ack_deadline_seconds"))
                        .build()))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void deletingATopicKeepsItsSubscriptionsDetachedAndResetForgetsEverything() {
        topics.createTopic("projects/del/topics/events");
        subscriptions.createSubscription(
                "projects/del/subscriptions/keeps", "projects/del/topics/events", PushConfig.getDefaultInstance(), 10);
        topics.deleteTopic("projects/del/topics/events");
        assertThat(subscriptions
                        .getSubscription("projects/del/subscriptions/keeps")
                        .getTopic())
                .isEqualTo("_deleted-topic_");

        emulator.reset();
        assertThatThrownBy(() -> subscriptions.getSubscription("projects/del/subscriptions/keeps"))
                .isInstanceOf(NotFoundException.class);
    }
}

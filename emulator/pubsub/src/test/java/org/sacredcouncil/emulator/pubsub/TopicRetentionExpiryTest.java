package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A topic's {@code message_retention_duration} ends: a seek reaches what the topic retained until its retention
 * is over, then nothing. Ours only, on a {@link MovableClock}: the service's minimum is 10 minutes, which a
 * differential case against Google's emulator would have to wait out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // unary pull
class TopicRetentionExpiryTest {

    private static final String TOPIC = "projects/p-test/topics/retained";
    private static final String SUB = "projects/p-test/subscriptions/retained-pull";

    @Test
    void aSeekReachesTheTopicsMessagesUntilItsRetentionIsOver() throws Exception {
        MovableClock clock = new MovableClock();
        try (PubSubEmulator emulator = clock.startEmulator();
                PubSubClients clients = PubSubClients.forHost(emulator.hostAndPort())) {
            TopicAdminClient topics = clients.topicAdmin();
            SubscriptionAdminClient subs = clients.subscriptionAdmin();
            try {
                topics.createTopic(Topic.newBuilder()
                        .setName(TOPIC)
                        .setMessageRetentionDuration(Durations.fromSeconds(600)) // the service's minimum
                        .build());
                topics.publish(TOPIC, List.of(text("a"), text("b"))); // before the subscription exists
                subs.createSubscription(
                        Subscription.newBuilder().setName(SUB).setTopic(TOPIC).build());
                assertThat(emulator.backlog(SUB)).isZero();

                // the clock is the system clock plus an offset: leave a margin for the real time a loaded machine takes
                clock.advance(Duration.ofSeconds(570));
                Thread.sleep(1_500);
                seekToTheEpoch(subs);
                assertThat(emulator.backlog(SUB)).isEqualTo(2);
                ackAll(subs, 2);
                seekToTheEpoch(subs); // acknowledged by the subscription, still retained by the topic
                assertThat(emulator.backlog(SUB)).isEqualTo(2);
                ackAll(subs, 2);

                clock.advance(Duration.ofSeconds(31));
                Thread.sleep(2_500); // the retention scan runs every second
                seekToTheEpoch(subs);
                assertThat(emulator.backlog(SUB)).isZero();
            } finally {
                topics.shutdownNow();
                subs.shutdownNow();
            }
        }
    }

    private static void seekToTheEpoch(SubscriptionAdminClient subs) {
        subs.seek(SeekRequest.newBuilder()
                .setSubscription(SUB)
                .setTime(Timestamps.fromMillis(0))
                .build());
    }

    private static void ackAll(SubscriptionAdminClient subs, int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < count && System.nanoTime() < end) {
            got.addAll(subs.pull(PullRequest.newBuilder()
                            .setSubscription(SUB)
                            .setMaxMessages(count)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList());
        }
        assertThat(got).hasSize(count);
        subs.acknowledge(SUB, got.stream().map(ReceivedMessage::getAckId).toList());
    }

    private static PubsubMessage text(String data) {
        return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }
}

package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cloud on a data directory (as {@code ./council up} runs it): publish 1,000 events, memory acks
 * 300, the local cloud stops and starts again → memory gets the other 700, with the official Java client;
 * and a Firestore document written before the restart is read back after it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalCloudRestartTest {

    @TempDir
    Path data;

    private LocalCloud start() {
        return LocalCloud.builder()
                .useEnvironment(false)
                .dataDir(data)
                .pubsubPort(0)
                .firestore(false)
                .postgres(false)
                .tickPeriod(Duration.ZERO)
                .start();
    }

    @Test
    void firestoreDocumentsSurviveARestart() throws Exception {
        LocalCloudBuilder options = LocalCloud.builder()
                .useEnvironment(false)
                .dataDir(data)
                .pubsubPort(0)
                .firestorePort(0)
                .postgres(false)
                .tickPeriod(Duration.ZERO);
        try (LocalCloud cloud = options.start()) {
            cloud.firestore()
                    .collection("agents")
                    .document("a-1")
                    .set(java.util.Map.of("name", "Ada", "lastSeen", 42L))
                    .get(10, TimeUnit.SECONDS);
        }
        try (LocalCloud cloud = options.start()) {
            var doc =
                    cloud.firestore().collection("agents").document("a-1").get().get(10, TimeUnit.SECONDS);
            assertThat(doc.exists()).isTrue();
            assertThat(doc.getString("name")).isEqualTo("Ada");
            assertThat(doc.getLong("lastSeen")).isEqualTo(42L);
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void theUnackedBacklogSurvivesARestart() throws Exception {
        Set<String> published = new HashSet<>();
        Set<String> acked = new HashSet<>();
        java.util.Map<String, Integer> before;
        String memory;
        try (LocalCloud cloud = start()) {
            memory = SubscriptionName.of(cloud.projectId(), Topology.MEMORY_SUBSCRIPTION)
                    .toString();
            Publisher publisher = cloud.publisher(Topology.SACRED_EVENTS);
            List<com.google.api.core.ApiFuture<String>> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    ids.add(publisher.publish(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFromUtf8("{\"n\":" + i + "}"))
                            .build()));
                }
            } finally {
                publisher.shutdown();
                publisher.awaitTermination(10, TimeUnit.SECONDS);
            }
            for (var id : ids) {
                published.add(id.get(10, TimeUnit.SECONDS));
            }
            while (acked.size() < 300) {
                List<ReceivedMessage> got = cloud.subscriptionAdmin()
                        .pull(PullRequest.newBuilder()
                                .setSubscription(memory)
                                .setMaxMessages(Math.min(100, 300 - acked.size()))
                                .setReturnImmediately(true)
                                .build())
                        .getReceivedMessagesList();
                if (!got.isEmpty()) {
                    cloud.subscriptionAdmin()
                            .acknowledge(
                                    memory,
                                    got.stream().map(ReceivedMessage::getAckId).toList());
                    got.forEach(m -> acked.add(m.getMessage().getMessageId()));
                }
            }
            before = cloud.backlog(); // 700 and 1,000, or more if the client retried a publish under load
            assertThat(before.get(Topology.MEMORY_SUBSCRIPTION)).isGreaterThanOrEqualTo(700);
            assertThat(before.get(Topology.WISDOM_SUBSCRIPTION)).isGreaterThanOrEqualTo(1000);
        }
        try (LocalCloud cloud = start()) {
            assertThat(cloud.backlog()).isEqualTo(before);
            Set<String> received = ConcurrentHashMap.newKeySet();
            Subscriber subscriber = cloud.pubSubClients()
                    .subscriberBuilder(ProjectSubscriptionName.parse(memory), (message, reply) -> {
                        received.add(message.getMessageId());
                        reply.ack();
                    })
                    .build();
            subscriber.startAsync().awaitRunning();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 700 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
            Set<String> expected = new HashSet<>(published);
            expected.removeAll(acked);
            // every unacked one, none acked (a publish the client retried under load is one more message)
            assertThat(received).containsAll(expected).doesNotContainAnyElementsOf(acked);
        }
    }
}

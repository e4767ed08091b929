package org.sacredcouncil.emulator.pubsub.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.pubsub.PubSubClients;
import org.sacredcouncil.emulator.pubsub.PubSubEmulator;

/**
 * The data directory, with the official Java client: publish 1,000, acknowledge 300, restart → the other
 * 700 (and only those) arrive; the same after a {@code kill -9} of the emulator's JVM (nothing answered is
 * lost: docs in {@code Journal}); a torn last record is cut off.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceTest {

    private static final String PROJECT = "persistence-test";
    private static final String TOPIC = "projects/" + PROJECT + "/topics/events";
    private static final String SUB = "projects/" + PROJECT + "/subscriptions/events-pull";

    @TempDir
    Path dir;

    @Test
    void restartKeepsTopicsSubscriptionsAndTheUnackedBacklog() throws Exception {
        Set<String> acked;
        Set<String> published;
        int backlog;
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            published = publishThousandAndCreate(emulator.hostAndPort());
            acked = pullAndAck(emulator.hostAndPort(), 300);
            backlog = emulator.backlog(SUB); // 700, or more if the client retried a publish under load
        }
        assertThat(backlog).isGreaterThanOrEqualTo(700);
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            assertThat(emulator.backlog(SUB)).isEqualTo(backlog);
            assertTheOther700Arrive(emulator.hostAndPort(), published, acked);
        }
    }

    @Test
    void killDashNineLosesNothingThatWasAnswered() throws Exception {
        Set<String> published;
        Set<String> acked;
        int exitCode;
        try (ChildEmulator child = ChildEmulator.start(dir, 0)) {
            published = publishThousandAndCreate(child.host());
            acked = pullAndAck(child.host(), 300);
            exitCode = child.kill();
        }
        assertThat(exitCode).isEqualTo(137);
        try (ChildEmulator again = ChildEmulator.start(dir, 0)) {
            assertTheOther700Arrive(again.host(), published, acked);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestKept() throws Exception {
        int backlog;
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            publishThousandAndCreate(emulator.hostAndPort());
            backlog = emulator.backlog(SUB);
        }
        assertThat(backlog).isGreaterThanOrEqualTo(1000);
        // a crash in the middle of an append: a length that promises more than is there
        Files.write(dir.resolve("journal"), new byte[] {0, 0, 1, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            assertThat(emulator.backlog(SUB)).isEqualTo(backlog);
        }
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            assertThat(emulator.backlog(SUB)).isEqualTo(backlog);
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void snapshotsSchemasFiltersAndRetainedMessagesSurviveRestarts() throws Exception {
        String schemaName = "projects/" + PROJECT + "/schemas/event";
        String typed = "projects/" + PROJECT + "/topics/typed";
        String filtered = "projects/" + PROJECT + "/subscriptions/filtered";
        String snapshot = "projects/" + PROJECT + "/snapshots/before-ack";
        String revision;
        try (AdminRun run = AdminRun.start(dir)) {
            revision = run.schemas
                    .createSchema(
                            "projects/" + PROJECT,
                            com.google.pubsub.v1.Schema.newBuilder()
                                    .setType(com.google.pubsub.v1.Schema.Type.AVRO)
                                    .setDefinition("""
                                {"type": "record", "name": "E", "fields": [{"name": "k", "type": "string"}]}""")
                                    .build(),
                            "event")
                    .getRevisionId();
            run.topics.createTopic(com.google.pubsub.v1.Topic.newBuilder()
                    .setName(typed)
                    .setSchemaSettings(com.google.pubsub.v1.SchemaSettings.newBuilder()
                            .setSchema(schemaName)
                            .setEncoding(com.google.pubsub.v1.Encoding.JSON))
                    .build());
            run.subs.createSubscription(com.google.pubsub.v1.Subscription.newBuilder()
                    .setName(filtered)
                    .setTopic(typed)
                    .setFilter("attributes.keep = \"yes\"")
                    .setRetainAckedMessages(true)
                    .build());
            run.topics.publish(typed, List.of(typedMessage("a", "yes"), typedMessage("b", "no")));
            run.subs.createSnapshot(snapshot, filtered);
            List<ReceivedMessage> got = run.subs
                    .pull(PullRequest.newBuilder()
                            .setSubscription(filtered)
                            .setMaxMessages(10)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            assertThat(got).hasSize(1);
            run.subs.acknowledge(filtered, List.of(got.get(0).getAckId()));
        }
        for (int restart = 0; restart < 2; restart++) {
            try (AdminRun run = AdminRun.start(dir)) {
                assertThat(run.schemas.getSchema(schemaName).getRevisionId()).isEqualTo(revision);
                assertThatCode(() -> run.topics.publish(typed, List.of(text("not json"))))
                        .isInstanceOf(com.google.api.gax.rpc.InvalidArgumentException.class);
                assertThat(run.emulator.backlog(filtered)).isZero();
                run.subs.seek(com.google.pubsub.v1.SeekRequest.newBuilder()
                        .setSubscription(filtered)
                        .setSnapshot(snapshot)
                        .build());
                assertThat(run.emulator.backlog(filtered)).isEqualTo(1); // "b" never got in: the filter
                run.subs.seek(com.google.pubsub.v1.SeekRequest.newBuilder()
                        .setSubscription(filtered)
                        .setTime(com.google.protobuf.util.Timestamps.fromMillis(System.currentTimeMillis() + 60_000))
                        .build());
                assertThat(run.emulator.backlog(filtered)).isZero(); // acknowledged by the seek, retained
            }
        }
    }

    private static PubsubMessage typedMessage(String k, String keep) {
        return PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8("{\"k\": \"" + k + "\"}"))
                .putAttributes("keep", keep)
                .build();
    }

    private static PubsubMessage text(String data) {
        return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }

    @Test
    void aSecondEmulatorCannotShareTheDirectory() {
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PubSubEmulator.start("127.0.0.1", 0, dir))
                    .hasMessageContaining("another Pub/Sub emulator uses the data directory");
        }
    }

    // ------------------------------------------------------------------ steps

    private static Set<String> publishThousandAndCreate(String host) throws Exception {
        try (PubSubClients clients = PubSubClients.forHost(host)) {
            TopicAdminClient topics = clients.topicAdmin();
            SubscriptionAdminClient subs = clients.subscriptionAdmin();
            try {
                topics.createTopic(TOPIC);
                subs.createSubscription(SUB, TOPIC, PushConfig.getDefaultInstance(), 60);
            } finally {
                topics.shutdownNow();
                subs.shutdownNow();
            }
            Publisher publisher =
                    clients.publisherBuilder(TopicName.parse(TOPIC)).build();
            List<com.google.api.core.ApiFuture<String>> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    ids.add(publisher.publish(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFromUtf8("m" + i))
                            .putAttributes("i", Integer.toString(i))
                            .build()));
                }
            } finally {
                publisher.shutdown();
                publisher.awaitTermination(10, TimeUnit.SECONDS);
            }
            Set<String> published = new HashSet<>();
            for (var id : ids) {
                published.add(id.get(10, TimeUnit.SECONDS));
            }
            assertThat(published).hasSize(1000);
            return published;
        }
    }

    @SuppressWarnings("deprecation")
    private static Set<String> pullAndAck(String host, int count) throws Exception {
        try (PubSubClients clients = PubSubClients.forHost(host)) {
            SubscriptionAdminClient subs = clients.subscriptionAdmin();
            try {
                Set<String> acked = new HashSet<>();
                while (acked.size() < count) {
                    List<ReceivedMessage> got = subs.pull(PullRequest.newBuilder()
                                    .setSubscription(SUB)
                                    .setMaxMessages(Math.min(100, count - acked.size()))
                                    .setReturnImmediately(true)
                                    .build())
                            .getReceivedMessagesList();
                    if (got.isEmpty()) {
                        continue;
                    }
                    subs.acknowledge(
                            SUB, got.stream().map(ReceivedMessage::getAckId).toList());
                    got.forEach(m -> acked.add(m.getMessage().getMessageId()));
                }
                return acked;
            } finally {
                subs.shutdownNow();
            }
        }
    }

    private static void assertTheOther700Arrive(String host, Set<String> published, Set<String> acked)
            throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (PubSubClients clients = PubSubClients.forHost(host)) {
            Subscriber subscriber = clients.subscriberBuilder(ProjectSubscriptionName.parse(SUB), (message, reply) -> {
                        received.add(message.getMessageId());
                        reply.ack();
                    })
                    .build();
            subscriber.startAsync().awaitRunning();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 700 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(300); // anything beyond the 700 would arrive now
            subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
        }
        Set<String> expected = new HashSet<>(published);
        expected.removeAll(acked);
        // exactly 700 unless the publisher retried a publish under load: a retry is a new message (new id)
        assertThat(received).containsAll(expected).doesNotContainAnyElementsOf(acked);
    }

    /** Our emulator on {@code dir} with the admin clients; closes the clients, then the emulator. */
    private static final class AdminRun implements AutoCloseable {
        final PubSubEmulator emulator;
        final PubSubClients clients;
        final SchemaServiceClient schemas;
        final TopicAdminClient topics;
        final SubscriptionAdminClient subs;

        private AdminRun(PubSubEmulator emulator, PubSubClients clients) {
            this.emulator = emulator;
            this.clients = clients;
            schemas = clients.schemaService();
            topics = clients.topicAdmin();
            subs = clients.subscriptionAdmin();
        }

        static AdminRun start(Path dir) {
            PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir);
            try {
                return new AdminRun(emulator, PubSubClients.forHost(emulator.hostAndPort()));
            } catch (RuntimeException | Error e) {
                emulator.close();
                throw e;
            }
        }

        @Override
        public void close() {
            schemas.shutdownNow();
            topics.shutdownNow();
            subs.shutdownNow();
            clients.close();
            emulator.close();
        }
    }
}

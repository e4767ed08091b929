package org.sacredcouncil.emulator.pubsub.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.AckReplyConsumerWithResponse;
import com.google.cloud.pubsub.v1.AckResponse;
import com.google.cloud.pubsub.v1.MessageReceiverWithAckResponse;
import com.google.cloud.pubsub.v1.SchemaServiceClient;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.Encoding;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Schema;
import com.google.pubsub.v1.SchemaSettings;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.pubsub.PubSubClients;
import org.sacredcouncil.emulator.pubsub.PubSubEmulator;

/**
 * What a message's delivery carries across a restart, with the official Java client: its delivery attempts
 * (so dead-lettering after {@code max_delivery_attempts} and the retry backoff continue), the end of its lease
 * (redelivered, never lost; the old ack id stale on an exactly-once subscription, one acknowledged before still
 * acknowledged), and the state beside it (schema revisions, a seek) after a {@code kill -9}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // unary pull: the test holds leases across the restart
class DeliveryStateRestartTest {

    private static final String PROJECT = "delivery-state-test";
    private static final String TOPIC = "projects/" + PROJECT + "/topics/events";
    private static final String DEAD = "projects/" + PROJECT + "/topics/events-dead";
    private static final String SUB = "projects/" + PROJECT + "/subscriptions/events-pull";
    private static final String DEAD_SUB = "projects/" + PROJECT + "/subscriptions/events-dead-pull";

    @TempDir
    Path dir;

    @Test
    void deliveryAttemptsContinueAfterAKillDashNineAndDeadLetterAtTheMaximum() throws Exception {
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            admin.createDeadLetteringAfterFive();
            admin.topics.publish(TOPIC, List.of(text("m")));
            for (int attempt = 1; attempt <= 2; attempt++) {
                nackDeliveryAttempt(admin, attempt);
            }
            assertThat(admin.pullOne(SUB).getDeliveryAttempt()).isEqualTo(3); // leased when the process dies
            assertThat(child.kill()).isEqualTo(137);
        }
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            // the third delivery ended without an ack, as an expired lease: the count goes on from there
            nackDeliveryAttempt(admin, 4);
            nackDeliveryAttempt(admin, 5);
            assertDeadLetteredAfterFive(admin, "m");
        }
    }

    @Test
    void aLeaseAtTheMaximumWhenTheProcessDiesIsDeadLetteredAtTheNextStart() throws Exception {
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            admin.createDeadLetteringAfterFive();
            admin.topics.publish(TOPIC, List.of(text("last")));
            for (int attempt = 1; attempt <= 4; attempt++) {
                admin.subs.modifyAckDeadline(SUB, List.of(admin.pullOne(SUB).getAckId()), 0);
            }
            assertThat(admin.pullOne(SUB).getDeliveryAttempt()).isEqualTo(5);
            child.kill();
        }
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            assertDeadLetteredAfterFive(admin, "last");
        }
    }

    @Test
    void theRetryBackoffContinuesFromTheRestoredCount() throws Exception {
        long minBackoff = 400;
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir);
                Admin admin = new Admin(emulator.hostAndPort())) {
            admin.topics.createTopic(TOPIC);
            admin.topics.createTopic(DEAD);
            admin.subs.createSubscription(Subscription.newBuilder()
                    .setName(SUB)
                    .setTopic(TOPIC)
                    .setRetryPolicy(RetryPolicy.newBuilder()
                            .setMinimumBackoff(Durations.fromMillis(minBackoff))
                            .setMaximumBackoff(Durations.fromSeconds(60)))
                    .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                            .setDeadLetterTopic(DEAD)
                            .setMaxDeliveryAttempts(100))
                    .build());
            admin.topics.publish(TOPIC, List.of(text("slow")));
            for (int attempt = 1; attempt <= 3; attempt++) { // backoffs of 400, 800, 1,600 ms
                admin.subs.modifyAckDeadline(SUB, List.of(admin.pullOne(SUB).getAckId()), 0);
            }
            assertThat(admin.pullOne(SUB).getDeliveryAttempt()).isEqualTo(4); // leased at the stop
        }
        long restart = System.nanoTime();
        try (PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", 0, dir);
                Admin admin = new Admin(emulator.hostAndPort())) {
            // the fourth delivery failed at the restart: its backoff is 400·2³ = 3,200 ms from then (a reset count:
            // none), so the fifth cannot arrive sooner after the start began, however slow the start
            ReceivedMessage fifth = admin.pullOne(SUB);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart);
            assertThat(fifth.getDeliveryAttempt()).isEqualTo(5);
            assertThat(waited).isGreaterThanOrEqualTo(minBackoff << 3);
        }
    }

    @Test
    void exactlyOnceAckIdsFromBeforeAKillDashNine() throws Exception {
        List<String> before = new ArrayList<>();
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            admin.createExactlyOnce();
            admin.topics.publish(TOPIC, List.of(text("acked"), text("leased-1"), text("leased-2")));
            List<ReceivedMessage> got = admin.pullAtLeast(SUB, 3);
            got.sort(
                    java.util.Comparator.comparing(m -> m.getMessage().getData().toStringUtf8()));
            got.forEach(m -> before.add(m.getAckId())); // acked, leased-1, leased-2
            admin.subs.acknowledge(SUB, List.of(before.get(0)));
            child.kill();
        }
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            // an ack the client retries after the restart (it never saw the answer) still succeeds
            admin.subs.acknowledge(SUB, List.of(before.get(0)));
            // the leases ended with the process: their ack ids are stale, for acks and modacks alike
            assertInvalidAckId(() -> admin.subs.acknowledge(SUB, List.of(before.get(1))), before.get(1));
            assertInvalidAckId(() -> admin.subs.modifyAckDeadline(SUB, List.of(before.get(2)), 30), before.get(2));
            // and their messages come back (never lost), under ack ids of this run
            List<ReceivedMessage> again = admin.pullAtLeast(SUB, 2);
            assertThat(again)
                    .extracting(m -> m.getMessage().getData().toStringUtf8())
                    .containsExactlyInAnyOrder("leased-1", "leased-2");
            assertThat(again).extracting(ReceivedMessage::getAckId).doesNotContainAnyElementsOf(before);
            assertInvalidAckId(() -> admin.subs.acknowledge(SUB, List.of(before.get(1))), before.get(1));
            admin.ackAll(SUB, again);
            assertThat(admin.pullNow(SUB)).isEmpty();
        }
    }

    @Test
    void theOfficialSubscriberGetsInvalidForALeaseTheRestartEndedAndTheMessageAgain() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        MessageReceiverWithAckResponse receiver = (PubsubMessage message, AckReplyConsumerWithResponse reply) ->
                deliveries.add(new Delivery(message, reply));
        PubSubEmulator emulator = PubSubEmulator.start("127.0.0.1", port, dir);
        try (PubSubClients clients = PubSubClients.forHost("127.0.0.1:" + port)) {
            try (Admin admin = new Admin(emulator.hostAndPort())) {
                admin.createExactlyOnce();
                admin.topics.publish(TOPIC, List.of(text("held")));
            }
            Subscriber subscriber = Subscriber.newBuilder(ProjectSubscriptionName.parse(SUB), receiver)
                    .setChannelProvider(clients.channelProvider())
                    .setCredentialsProvider(clients.credentialsProvider())
                    .build();
            subscriber.startAsync().awaitRunning();
            try {
                Delivery first = deliveries.poll(20, TimeUnit.SECONDS);
                assertThat(first).as("first delivery").isNotNull();
                emulator.close(); // the subscriber holds the message across the restart
                emulator = PubSubEmulator.start("127.0.0.1", port, dir);
                CompletableFuture<AckResponse> stale = toCompletable(first.reply.ack());
                assertThat(stale.get(60, TimeUnit.SECONDS)).isEqualTo(AckResponse.INVALID);
                Delivery second = deliveries.poll(60, TimeUnit.SECONDS);
                assertThat(second).as("the message delivered again").isNotNull();
                assertThat(second.message.getMessageId()).isEqualTo(first.message.getMessageId());
                assertThat(second.reply.ack().get(30, TimeUnit.SECONDS)).isEqualTo(AckResponse.SUCCESSFUL);
            } finally {
                subscriber.stopAsync().awaitTerminated(20, TimeUnit.SECONDS);
            }
            assertThat(emulator.backlog(SUB)).isZero();
        } finally {
            emulator.close();
        }
    }

    @Test
    void schemaRevisionsASnapshotAndASeekSurviveAKillDashNine() throws Exception {
        String schema = "projects/" + PROJECT + "/schemas/event";
        String typed = "projects/" + PROJECT + "/topics/typed";
        String snapshot = "projects/" + PROJECT + "/snapshots/start";
        String first;
        String second;
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            first = admin.schemas
                    .createSchema("projects/" + PROJECT, avro("{\"name\": \"k\", \"type\": \"string\"}"), "event")
                    .getRevisionId();
            second = admin.schemas
                    .commitSchema(
                            schema,
                            avro("{\"name\": \"k\", \"type\": \"string\"}, {\"name\": \"n\", \"type\": \"int\"}"))
                    .getRevisionId();
            admin.topics.createTopic(Topic.newBuilder()
                    .setName(typed)
                    .setSchemaSettings(SchemaSettings.newBuilder()
                            .setSchema(schema)
                            .setEncoding(Encoding.JSON)
                            .setFirstRevisionId(second))
                    .build());
            admin.subs.createSubscription(Subscription.newBuilder()
                    .setName(SUB)
                    .setTopic(typed)
                    .setRetainAckedMessages(true)
                    .build());
            admin.topics.publish(typed, List.of(text("{\"k\": \"a\", \"n\": 1}"), text("{\"k\": \"b\", \"n\": 2}")));
            admin.subs.createSnapshot(snapshot, SUB);
            admin.ackAll(SUB, admin.pullAtLeast(SUB, 2));
            admin.subs.seek(SeekRequest.newBuilder()
                    .setSubscription(SUB)
                    .setSnapshot(snapshot)
                    .build());
            ReceivedMessage a = admin.pullOne(SUB);
            assertThat(a.getMessage().getData().toStringUtf8()).contains("\"a\"");
            admin.subs.acknowledge(SUB, List.of(a.getAckId()));
            child.kill();
        }
        try (ChildEmulator child = ChildEmulator.start(dir, 0);
                Admin admin = new Admin(child.host())) {
            List<String> revisions = new ArrayList<>();
            admin.schemas.listSchemaRevisions(schema).iterateAll().forEach(s -> revisions.add(s.getRevisionId()));
            assertThat(revisions).containsExactly(first, second);
            assertThatThrownBy(() -> admin.topics.publish(typed, List.of(text("{\"k\": \"first revision only\"}"))))
                    .isInstanceOfSatisfying(
                            ApiException.class,
                            e -> assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT));
            assertThat(admin.subs.getSnapshot(snapshot).getTopic()).isEqualTo(typed);
            // the seek made both messages unacknowledged again; "a" was acknowledged after it, "b" was not
            assertThat(admin.pullOne(SUB).getMessage().getData().toStringUtf8()).contains("\"b\"");
        }
    }

    // ------------------------------------------------------------------ helpers

    private record Delivery(PubsubMessage message, AckReplyConsumerWithResponse reply) {}

    private static CompletableFuture<AckResponse> toCompletable(java.util.concurrent.Future<AckResponse> future) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return future.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Schema avro(String fields) {
        return Schema.newBuilder()
                .setType(Schema.Type.AVRO)
                .setDefinition("{\"type\": \"record\", \"name\": \"E\", \"fields\": [" + fields + "]}")
                .build();
    }

    private static void assertInvalidAckId(Runnable call, String ackId) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
            assertThat(e.getErrorDetails().getErrorInfo().getReason()).isEqualTo("EXACTLY_ONCE_ACKID_FAILURE");
            assertThat(e.getErrorDetails().getErrorInfo().getMetadataMap())
                    .containsEntry(ackId, "PERMANENT_FAILURE_INVALID_ACK_ID");
        });
    }

    /** Pulls one message from SUB, checks it is delivery {@code attempt}, and nacks it. */
    private static void nackDeliveryAttempt(Admin admin, int attempt) {
        ReceivedMessage got = admin.pullOne(SUB);
        assertThat(got.getDeliveryAttempt()).isEqualTo(attempt);
        admin.subs.modifyAckDeadline(SUB, List.of(got.getAckId()), 0);
    }

    private static void assertDeadLetteredAfterFive(Admin admin, String data) {
        ReceivedMessage dead = admin.pullOne(DEAD_SUB);
        assertThat(dead.getMessage().getData().toStringUtf8()).isEqualTo(data);
        assertThat(dead.getMessage().getAttributesMap()).containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5");
        assertThat(admin.pullNow(SUB)).isEmpty();
    }

    private static PubsubMessage text(String data) {
        return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }

    /** The official admin clients on one channel. */
    private static final class Admin implements AutoCloseable {
        final PubSubClients clients;
        final TopicAdminClient topics;
        final SubscriptionAdminClient subs;
        final SchemaServiceClient schemas;

        Admin(String host) {
            clients = PubSubClients.forHost(host);
            topics = clients.topicAdmin();
            subs = clients.subscriptionAdmin();
            schemas = clients.schemaService();
        }

        /** TOPIC with SUB, which dead-letters to DEAD (read on DEAD_SUB) at the fifth attempt. */
        void createDeadLetteringAfterFive() {
            topics.createTopic(TOPIC);
            topics.createTopic(DEAD);
            subs.createSubscription(Subscription.newBuilder()
                    .setName(SUB)
                    .setTopic(TOPIC)
                    .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                            .setDeadLetterTopic(DEAD)
                            .setMaxDeliveryAttempts(5))
                    .build());
            subs.createSubscription(
                    Subscription.newBuilder().setName(DEAD_SUB).setTopic(DEAD).build());
        }

        /** TOPIC with SUB, exactly-once with a 60 s ack deadline. */
        void createExactlyOnce() {
            topics.createTopic(TOPIC);
            subs.createSubscription(Subscription.newBuilder()
                    .setName(SUB)
                    .setTopic(TOPIC)
                    .setAckDeadlineSeconds(60)
                    .setEnableExactlyOnceDelivery(true)
                    .build());
        }

        void ackAll(String sub, List<ReceivedMessage> messages) {
            subs.acknowledge(
                    sub, messages.stream().map(ReceivedMessage::getAckId).toList());
        }

        /** Pulls until {@code count} have come or 20 s have passed; returns what came (perhaps fewer, or more). */
        List<ReceivedMessage> pullAtLeast(String sub, int count) {
            List<ReceivedMessage> got = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.size() < count && System.nanoTime() < end) {
                got.addAll(pullNow(sub));
            }
            return got;
        }

        List<ReceivedMessage> pullNow(String sub) {
            return subs.pull(PullRequest.newBuilder()
                            .setSubscription(sub)
                            .setMaxMessages(10)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
        }

        /** Waits (up to 20 s) for one message. */
        ReceivedMessage pullOne(String sub) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end) {
                List<ReceivedMessage> got = subs.pull(PullRequest.newBuilder()
                                .setSubscription(sub)
                                .setMaxMessages(1)
                                .build())
                        .getReceivedMessagesList();
                if (!got.isEmpty()) {
                    return got.get(0);
                }
            }
            throw new AssertionError("nothing delivered on " + sub + " within 20 s");
        }

        @Override
        public void close() {
            topics.shutdownNow();
            subs.shutdownNow();
            schemas.shutdownNow();
            clients.close();
        }
    }
}

package org.sacredcouncil.emulator.pubsub.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.sacredcouncil.emulator.pubsub.PubSubClients;

/**
 * One suite of Pub/Sub behaviours, run against our emulator and, where it is installed, against
 * Google's. Only documented behaviour of the real service is asserted, so a disagreement means a
 * bug in ours. Every test uses its own topic and subscription names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class PubSubConformance {

    static final String PROJECT = "conformance-test";
    private static final AtomicInteger NAMES = new AtomicInteger();

    protected PubSubClients clients;
    protected TopicAdminClient topics;
    protected SubscriptionAdminClient subscriptions;

    /** host:port of the emulator under test. */
    protected abstract String startEmulator();

    protected abstract void stopEmulator();

    /**
     * Behaviours the real service documents but this emulator is known not to have; the test of
     * such a behaviour is skipped for it, with the reason. Ours must have none.
     */
    protected Map<String, String> knownDeviations() {
        return Map.of();
    }

    protected void requireBehaviour(String behaviour) {
        String reason = knownDeviations().get(behaviour);
        org.junit.jupiter.api.Assumptions.assumeTrue(reason == null, () -> "known deviation: " + reason);
    }

    @BeforeAll
    void connect() {
        clients = PubSubClients.forHost(startEmulator());
        topics = clients.topicAdmin();
        subscriptions = clients.subscriptionAdmin();
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        if (topics != null) {
            topics.shutdownNow();
            subscriptions.shutdownNow();
            topics.awaitTermination(2, TimeUnit.SECONDS);
            subscriptions.awaitTermination(2, TimeUnit.SECONDS);
            clients.close();
        }
        stopEmulator();
    }

    // ------------------------------------------------------------------ admin

    @Test
    void topicCreateGetListDelete() {
        String topic = topicName();
        Topic created = topics.createTopic(topic);
        assertThat(created.getName()).isEqualTo(topic);
        assertThat(topics.getTopic(topic).getName()).isEqualTo(topic);
        assertThat(names(topics.listTopics("projects/" + PROJECT).iterateAll(), Topic::getName))
                .contains(topic);

        topics.deleteTopic(topic);
        assertCode(() -> topics.getTopic(topic), StatusCode.Code.NOT_FOUND);
    }

    @Test
    void duplicateTopicAndSubscriptionAreAlreadyExists() {
        String topic = createTopic();
        assertCode(() -> topics.createTopic(topic), StatusCode.Code.ALREADY_EXISTS);
        String sub = createPullSubscription(topic);
        assertCode(
                () -> subscriptions.createSubscription(sub, topic, PushConfig.getDefaultInstance(), 10),
                StatusCode.Code.ALREADY_EXISTS);
    }

    @Test
    void invalidNamesAreInvalidArgument() {
        assertCode(() -> topics.createTopic("projects/" + PROJECT + "/topics/ab"), StatusCode.Code.INVALID_ARGUMENT);
        assertCode(
                () -> topics.createTopic("projects/" + PROJECT + "/topics/goog-topic"),
                StatusCode.Code.INVALID_ARGUMENT);
        assertCode(
                () -> topics.createTopic("projects/" + PROJECT + "/topics/1starts-with-digit"),
                StatusCode.Code.INVALID_ARGUMENT);
        String topic = createTopic();
        assertCode(
                () -> subscriptions.createSubscription(
                        "projects/" + PROJECT + "/subscriptions/x y z", topic, PushConfig.getDefaultInstance(), 10),
                StatusCode.Code.INVALID_ARGUMENT);
    }

    @Test
    void unknownTopicOrSubscriptionIsNotFound() {
        String missingTopic = topicName();
        String missingSub = subscriptionName();
        assertCode(() -> topics.getTopic(missingTopic), StatusCode.Code.NOT_FOUND);
        assertCode(() -> topics.publish(missingTopic, List.of(text("x"))), StatusCode.Code.NOT_FOUND);
        assertCode(
                () -> subscriptions.createSubscription(missingSub, missingTopic, PushConfig.getDefaultInstance(), 10),
                StatusCode.Code.NOT_FOUND);
        assertCode(() -> subscriptions.getSubscription(missingSub), StatusCode.Code.NOT_FOUND);
        assertCode(
                () -> subscriptions.pull(PullRequest.newBuilder()
                        .setSubscription(missingSub)
                        .setMaxMessages(1)
                        .setReturnImmediately(true)
                        .build()),
                StatusCode.Code.NOT_FOUND);
        assertCode(() -> subscriptions.deleteSubscription(missingSub), StatusCode.Code.NOT_FOUND);
    }

    @Test
    void subscriptionCreateGetListDelete() {
        String topic = createTopic();
        String sub = subscriptionName();
        Subscription created = subscriptions.createSubscription(sub, topic, PushConfig.getDefaultInstance(), 20);
        assertThat(created.getAckDeadlineSeconds()).isEqualTo(20);
        assertThat(subscriptions.getSubscription(sub).getTopic()).isEqualTo(topic);
        assertThat(names(topics.listTopicSubscriptions(topic).iterateAll(), s -> s))
                .containsExactly(sub);
        assertThat(names(subscriptions.listSubscriptions("projects/" + PROJECT).iterateAll(), Subscription::getName))
                .contains(sub);

        subscriptions.deleteSubscription(sub);
        assertCode(() -> subscriptions.getSubscription(sub), StatusCode.Code.NOT_FOUND);
    }

    // ------------------------------------------------------------------ publish, pull, ack

    @Test
    void publisherBatchesWithAttributesArriveOnceAcked() throws Exception {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        Publisher publisher = clients.publisherBuilder(TopicName.parse(topic))
                .setBatchingSettings(BatchingSettings.newBuilder()
                        .setElementCountThreshold(5L)
                        .setRequestByteThreshold(100_000L)
                        .setDelayThreshold(org.threeten.bp.Duration.ofMillis(50))
                        .build())
                .build();
        List<PubsubMessage> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8("m" + i))
                    .putAttributes("index", Integer.toString(i))
                    .putAttributes("ce-type", "council.message.sent")
                    .build());
        }
        for (String id : publishAndShutDown(publisher, messages)) {
            assertThat(id).isNotBlank();
        }
        List<ReceivedMessage> received = pullUntil(sub, 12, Duration.ofSeconds(10));
        assertThat(received).hasSize(12);
        for (ReceivedMessage m : received) {
            String index = m.getMessage().getAttributesOrThrow("index");
            assertThat(m.getMessage().getData().toStringUtf8()).isEqualTo("m" + index);
            assertThat(m.getMessage().getAttributesOrThrow("ce-type")).isEqualTo("council.message.sent");
            assertThat(m.getMessage().getMessageId()).isNotBlank();
            assertThat(m.getMessage().hasPublishTime()).isTrue();
        }
        ackAll(received, sub);
        assertNothingDeliverable(sub, Duration.ofMillis(1500));
    }

    @Test
    void emptyMessageIsInvalidArgument() {
        String topic = createTopic();
        assertCode(
                () -> topics.publish(topic, List.of(PubsubMessage.getDefaultInstance())),
                StatusCode.Code.INVALID_ARGUMENT);
    }

    @Test
    void nackRedeliversTheSameMessage() {
        String sub = pullSubscriptionWithOne("again");
        ReceivedMessage first = pullOne(sub);
        subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 0);
        ReceivedMessage again = redelivery(sub, first, Duration.ofSeconds(10));
        subscriptions.acknowledge(sub, List.of(again.getAckId()));
        assertNothingDeliverable(sub, Duration.ofMillis(1200));
    }

    @Test
    void expiredAckDeadlineRedeliversAndUnackedMessagesAreKept() {
        String sub = pullSubscriptionWithOne("slow");
        ReceivedMessage first = pullOne(sub);
        subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 1);
        assertNothingDeliverable(sub, Duration.ofMillis(300));
        ReceivedMessage again = redelivery(sub, first, Duration.ofSeconds(10));
        subscriptions.acknowledge(sub, List.of(again.getAckId()));
    }

    @Test
    void extendedAckDeadlineHoldsTheMessage() {
        String sub = pullSubscriptionWithOne("held");
        ReceivedMessage first = pullOne(sub);
        subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 60);
        assertNothingDeliverable(sub, Duration.ofMillis(1500));
        subscriptions.acknowledge(sub, List.of(first.getAckId()));
    }

    @Test
    void retryPolicyDelaysRedelivery() {
        requireBehaviour("retry-backoff");
        String topic = createTopic();
        String sub = subscriptionName();
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(sub)
                .setTopic(topic)
                .setRetryPolicy(backoff(Durations.fromSeconds(2), Durations.fromSeconds(4)))
                .build());
        topics.publish(topic, List.of(text("backoff")));
        ReceivedMessage first = pullOne(sub);
        long nackedAt = System.nanoTime();
        subscriptions.modifyAckDeadline(sub, List.of(first.getAckId()), 0);
        ReceivedMessage again = pullUntil(sub, 1, Duration.ofSeconds(15)).get(0);
        long waitedMillis = (System.nanoTime() - nackedAt) / 1_000_000;
        assertThat(again.getMessage().getMessageId())
                .isEqualTo(first.getMessage().getMessageId());
        assertThat(waitedMillis).as("redelivery waited out the minimum backoff").isGreaterThanOrEqualTo(1_500);
        subscriptions.acknowledge(sub, List.of(again.getAckId()));
    }

    // ------------------------------------------------------------------ streaming pull, ordering

    @Test
    void officialSubscriberReceivesEveryMessage() throws Exception {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        int count = 300;
        List<PubsubMessage> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(text("s" + i));
        }
        topics.publish(topic, batch.subList(0, 150));
        topics.publish(topic, batch.subList(150, count));
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        Subscriber subscriber = clients.subscriberBuilder(
                        ProjectSubscriptionName.parse(sub), (PubsubMessage message, AckReplyConsumer reply) -> {
                            seen.put(message.getData().toStringUtf8(), true);
                            reply.ack();
                        })
                .build();
        whileRunning(subscriber, () -> awaitCondition(() -> seen.size() == count, Duration.ofSeconds(20)));
        assertThat(seen).hasSize(count);
        assertNothingDeliverable(sub, Duration.ofMillis(1000));
    }

    @Test
    void orderingKeysAreDeliveredInOrderPerKey() throws Exception {
        String topic = createTopic();
        String sub = subscriptionName();
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(sub)
                .setTopic(topic)
                .setEnableMessageOrdering(true)
                .build());
        Publisher publisher = clients.publisherBuilder(TopicName.parse(topic))
                .setEnableMessageOrdering(true)
                .build();
        int perKey = 40;
        List<PubsubMessage> messages = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (String key : List.of("alpha", "beta")) {
                messages.add(PubsubMessage.newBuilder()
                        .setOrderingKey(key)
                        .setData(ByteString.copyFromUtf8(key + ":" + i))
                        .build());
            }
        }
        publishAndShutDown(publisher, messages);
        Map<String, List<Integer>> deliveries = new ConcurrentHashMap<>();
        Map<String, java.util.Set<Integer>> acked = new ConcurrentHashMap<>();
        AtomicInteger nackedOnce = new AtomicInteger();
        Subscriber subscriber = clients.subscriberBuilder(
                        ProjectSubscriptionName.parse(sub), (PubsubMessage message, AckReplyConsumer reply) -> {
                            String[] parts = message.getData().toStringUtf8().split(":");
                            int index = Integer.parseInt(parts[1]);
                            deliveries
                                    .computeIfAbsent(parts[0], k -> new CopyOnWriteArrayList<>())
                                    .add(index);
                            // one nack in the middle of a key: it must come again, and nothing may be skipped
                            if (parts[0].equals("alpha") && index == 10 && nackedOnce.getAndIncrement() == 0) {
                                reply.nack();
                                return;
                            }
                            acked.computeIfAbsent(parts[0], k -> ConcurrentHashMap.newKeySet())
                                    .add(index);
                            reply.ack();
                        })
                .build();
        whileRunning(subscriber, () -> {
            awaitCondition(
                    () -> acked.getOrDefault("alpha", java.util.Set.of()).size() == perKey
                            && acked.getOrDefault("beta", java.util.Set.of()).size() == perKey,
                    Duration.ofSeconds(30));
            sleep(500);
        });
        for (String key : List.of("alpha", "beta")) {
            List<Integer> got = deliveries.get(key);
            assertThat(acked.get(key)).as("every message of key %s acked", key).hasSize(perKey);
            assertThat(got.get(0)).isZero();
            // in order: each delivery is the next index, or a redelivery that starts again further back
            for (int i = 1; i < got.size(); i++) {
                int previous = got.get(i - 1);
                int current = got.get(i);
                assertThat(current == previous + 1 || current <= previous)
                        .as("key %s delivered %s right after %s (all: %s)", key, current, previous, got)
                        .isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ dead letters

    @Test
    void deadLetterAfterMaxDeliveryAttempts() {
        String topic = createTopic();
        String deadTopic = createTopic();
        String deadSub = createPullSubscription(deadTopic);
        String sub = subscriptionName();
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(sub)
                .setTopic(topic)
                .setDeadLetterPolicy(deadLetterAfterFive(deadTopic))
                .build());
        topics.publish(
                topic,
                List.of(PubsubMessage.newBuilder()
                        .setData(ByteString.copyFromUtf8("poison"))
                        .putAttributes("ce-id", "evt-1")
                        .build()));
        List<Integer> attempts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ReceivedMessage m = pullOne(sub);
            attempts.add(m.getDeliveryAttempt());
            subscriptions.modifyAckDeadline(sub, List.of(m.getAckId()), 0);
        }
        assertThat(attempts).containsExactly(1, 2, 3, 4, 5);
        // a sixth delivery must not happen; the message goes to the dead-letter topic instead
        assertNothingDeliverable(sub, Duration.ofMillis(500));
        ReceivedMessage parked = pullUntil(deadSub, 1, Duration.ofSeconds(20)).get(0);
        assertThat(parked.getMessage().getData().toStringUtf8()).isEqualTo("poison");
        Map<String, String> attributes = parked.getMessage().getAttributesMap();
        assertThat(attributes)
                .containsEntry("ce-id", "evt-1")
                .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5")
                .containsEntry(
                        "CloudPubSubDeadLetterSourceSubscription",
                        ProjectSubscriptionName.parse(sub).getSubscription())
                .containsEntry("CloudPubSubDeadLetterSourceSubscriptionProject", PROJECT)
                .containsKey("CloudPubSubDeadLetterSourceTopicPublishTime");
        subscriptions.acknowledge(deadSub, List.of(parked.getAckId()));
        assertNothingDeliverable(sub, Duration.ofMillis(1000));
    }

    // ------------------------------------------------------------------ push

    @Test
    void pushDeliversTheClassicEnvelopeAndRetriesUntil2xx() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (PushReceiver receiver = PushReceiver.start(0, () -> calls.incrementAndGet() <= 2 ? 503 : 204)) {
            String topic = createTopic();
            String sub = subscriptionName();
            subscriptions.createSubscription(pushSubscription(sub, topic, receiver.url())
                    .setRetryPolicy(backoff(Durations.fromMillis(100), Durations.fromSeconds(1)))
                    .build());
            String id = topics.publish(
                            topic,
                            List.of(PubsubMessage.newBuilder()
                                    .setData(ByteString.copyFromUtf8("{\"hello\":1}"))
                                    .putAttributes("ce-type", "t")
                                    .build()))
                    .getMessageIds(0);
            PushReceiver.Request third = receiver.awaitRequests(3, 20_000);
            JsonObject body = JsonParser.parseString(third.body()).getAsJsonObject();
            assertThat(body.get("subscription").getAsString()).isEqualTo(sub);
            JsonObject message = body.getAsJsonObject("message");
            assertThat(new String(
                            Base64.getDecoder().decode(message.get("data").getAsString()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"hello\":1}");
            assertThat(message.get("messageId").getAsString()).isEqualTo(id);
            assertThat(message.getAsJsonObject("attributes").get("ce-type").getAsString())
                    .isEqualTo("t");
            assertThat(third.header("Content-Type")).startsWith("application/json");
            TimeUnit.MILLISECONDS.sleep(1500);
            assertThat(receiver.requests())
                    .as("acked by the 2xx: no more pushes")
                    .hasSize(3);
        }
    }

    @Test
    void pushToAnEndpointThatIsDownLosesNothing() throws Exception {
        int port = freePort();
        String topic = createTopic();
        String sub = subscriptionName();
        subscriptions.createSubscription(pushSubscription(sub, topic, "http://127.0.0.1:" + port + "/push")
                .setRetryPolicy(backoff(Durations.fromMillis(100), Durations.fromMillis(500)))
                .build());
        topics.publish(topic, List.of(text("while-down-1"), text("while-down-2")));
        TimeUnit.MILLISECONDS.sleep(1500);
        try (PushReceiver receiver = PushReceiver.start(port, () -> 200)) {
            receiver.awaitRequests(2, 20_000);
            List<String> data = receiver.requests().stream()
                    .map(r -> JsonParser.parseString(r.body())
                            .getAsJsonObject()
                            .getAsJsonObject("message")
                            .get("data")
                            .getAsString())
                    .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8))
                    .distinct()
                    .toList();
            assertThat(data).containsExactlyInAnyOrder("while-down-1", "while-down-2");
        }
    }

    @Test
    void pushFailuresAreDeadLettered() throws Exception {
        try (PushReceiver receiver = PushReceiver.start(0, () -> 500)) {
            String topic = createTopic();
            String deadTopic = createTopic();
            String deadSub = createPullSubscription(deadTopic);
            String sub = subscriptionName();
            subscriptions.createSubscription(pushSubscription(sub, topic, receiver.url())
                    .setRetryPolicy(backoff(Durations.fromMillis(100), Durations.fromMillis(200)))
                    .setDeadLetterPolicy(deadLetterAfterFive(deadTopic))
                    .build());
            topics.publish(topic, List.of(text("never-accepted")));
            ReceivedMessage parked =
                    pullUntil(deadSub, 1, Duration.ofSeconds(30)).get(0);
            assertThat(parked.getMessage().getData().toStringUtf8()).isEqualTo("never-accepted");
            assertThat(parked.getMessage().getAttributesMap())
                    .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5");
            assertThat(receiver.requests()).hasSize(5);
            requireBehaviour("push-delivery-attempt");
            JsonObject last =
                    JsonParser.parseString(receiver.requests().get(4).body()).getAsJsonObject();
            assertThat(last.get("deliveryAttempt").getAsInt()).isEqualTo(5);
        }
    }

    // ------------------------------------------------------------------ helpers

    protected String topicName() {
        return "projects/" + PROJECT + "/topics/t-" + getClass().getSimpleName().length() + "-"
                + NAMES.incrementAndGet();
    }

    protected String subscriptionName() {
        return "projects/" + PROJECT + "/subscriptions/s-" + NAMES.incrementAndGet();
    }

    protected String createTopic() {
        return topics.createTopic(topicName()).getName();
    }

    protected String createPullSubscription(String topic) {
        return subscriptions
                .createSubscription(subscriptionName(), topic, PushConfig.getDefaultInstance(), 10)
                .getName();
    }

    protected static <T> List<String> names(Iterable<T> listed, java.util.function.Function<T, String> name) {
        List<String> names = new ArrayList<>();
        listed.forEach(item -> names.add(name.apply(item)));
        return names;
    }

    protected static Subscription.Builder pushSubscription(String sub, String topic, String endpoint) {
        return Subscription.newBuilder()
                .setName(sub)
                .setTopic(topic)
                .setPushConfig(PushConfig.newBuilder().setPushEndpoint(endpoint));
    }

    protected static RetryPolicy backoff(com.google.protobuf.Duration minimum, com.google.protobuf.Duration maximum) {
        return RetryPolicy.newBuilder()
                .setMinimumBackoff(minimum)
                .setMaximumBackoff(maximum)
                .build();
    }

    protected static DeadLetterPolicy deadLetterAfterFive(String deadTopic) {
        return DeadLetterPolicy.newBuilder()
                .setDeadLetterTopic(deadTopic)
                .setMaxDeliveryAttempts(5)
                .build();
    }

    /** Publishes in order, waits (10 s each) for the ids, then shuts the publisher down. */
    protected static List<String> publishAndShutDown(Publisher publisher, List<PubsubMessage> messages)
            throws Exception {
        try {
            List<com.google.api.core.ApiFuture<String>> futures = new ArrayList<>();
            for (PubsubMessage message : messages) {
                futures.add(publisher.publish(message));
            }
            List<String> ids = new ArrayList<>();
            for (var future : futures) {
                ids.add(future.get(10, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            publisher.shutdown();
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Starts the subscriber, runs {@code whileItRuns}, and stops it (10 s) whatever happened. */
    protected static void whileRunning(Subscriber subscriber, Step whileItRuns) throws Exception {
        subscriber.startAsync().awaitRunning();
        try {
            whileItRuns.run();
        } finally {
            subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
        }
    }

    /** What runs while a subscriber does; it may throw what a future's {@code get} throws. */
    @FunctionalInterface
    protected interface Step {
        void run() throws Exception;
    }

    protected void ackAll(List<ReceivedMessage> messages, String sub) {
        subscriptions.acknowledge(
                sub, messages.stream().map(ReceivedMessage::getAckId).toList());
    }

    /** Waits (10 s) for one message. */
    protected ReceivedMessage pullOne(String sub) {
        return pullUntil(sub, 1, Duration.ofSeconds(10)).get(0);
    }

    /** Waits for {@code first} to be delivered again (the same message id) and returns the new delivery. */
    protected ReceivedMessage redelivery(String sub, ReceivedMessage first, Duration timeout) {
        ReceivedMessage again = pullUntil(sub, 1, timeout).get(0);
        assertThat(again.getMessage().getMessageId())
                .isEqualTo(first.getMessage().getMessageId());
        return again;
    }

    /** A pull subscription to a new topic, with one message published to it since. */
    protected String pullSubscriptionWithOne(String data) {
        String topic = createTopic();
        String sub = createPullSubscription(topic);
        topics.publish(topic, List.of(text(data)));
        return sub;
    }

    protected static PubsubMessage text(String data) {
        return PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build();
    }

    @SuppressWarnings("deprecation")
    protected List<ReceivedMessage> pullUntil(String sub, int count, Duration timeout) {
        List<ReceivedMessage> got = new ArrayList<>();
        long end = System.nanoTime() + timeout.toNanos();
        while (got.size() < count && System.nanoTime() < end) {
            List<ReceivedMessage> batch = subscriptions
                    .pull(PullRequest.newBuilder()
                            .setSubscription(sub)
                            .setMaxMessages(count - got.size())
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            got.addAll(batch);
            if (batch.isEmpty()) {
                sleep(50);
            }
        }
        if (got.size() < count) {
            throw new AssertionError("expected " + count + " messages on " + sub + ", got " + got.size());
        }
        return got;
    }

    @SuppressWarnings("deprecation")
    protected void assertNothingDeliverable(String sub, Duration during) {
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            List<ReceivedMessage> batch = subscriptions
                    .pull(PullRequest.newBuilder()
                            .setSubscription(sub)
                            .setMaxMessages(10)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            assertThat(batch).as("nothing should be deliverable on " + sub).isEmpty();
            sleep(100);
        }
    }

    protected static void awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            sleep(20);
        }
    }

    protected static void assertCode(Runnable call, StatusCode.Code code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.getStatusCode().getCode()).isEqualTo(code));
    }

    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sacredcouncil.emulator.pubsub.push.PushAuthorization;

/**
 * What Pub/Sub push does that a function's availability depends on (README "Delivery guarantees"): which
 * answers ack, the push window while an endpoint fails, the Authorization header, and retention.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PushDeliverySemanticsTest {

    private static final String TOPIC = "projects/p-test/topics/events";

    private PubSubEmulator emulator;
    private PubSubClients clients;
    private TopicAdminClient topics;
    private SubscriptionAdminClient subscriptions;
    private final MovableClock clock = new MovableClock();
    private HttpServer server;
    private volatile IntSupplier answer = () -> 204;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        emulator = clock.startEmulator();
        clients = PubSubClients.forHost(emulator.hostAndPort());
        topics = clients.topicAdmin();
        subscriptions = clients.subscriptionAdmin();
        topics.createTopic(TOPIC);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            requests.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(answer.getAsInt(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        hold.countDown();
        server.stop(0);
        topics.shutdownNow();
        subscriptions.shutdownNow();
        clients.close();
        emulator.close();
    }

    private String subscribe(String id, PushConfig.Builder push, long minBackoffMs) {
        String name = "projects/p-test/subscriptions/" + id;
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(name)
                .setTopic(TOPIC)
                .setPushConfig(push.setPushEndpoint(
                        "http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .setRetryPolicy(RetryPolicy.newBuilder()
                        .setMinimumBackoff(Durations.fromMillis(minBackoffMs))
                        .setMaximumBackoff(Durations.fromMillis(minBackoffMs)))
                .build());
        return name;
    }

    private void publish(int n) {
        List<PubsubMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8("m" + i))
                    .build());
        }
        topics.publish(TOPIC, batch);
    }

    private void awaitBacklog(String subscription, int expected, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (emulator.backlog(subscription) != expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void onlyPubSubsSuccessCodesAcknowledge() throws Exception {
        for (int status : new int[] {200, 201, 202, 204}) {
            answer = () -> status;
            String sub = subscribe("ok-" + status, PushConfig.newBuilder(), 100);
            publish(1);
            awaitBacklog(sub, 0, 5_000);
            assertThat(emulator.backlog(sub)).as("status %d acks", status).isZero();
            subscriptions.deleteSubscription(sub);
        }
        // 203 and 206 are 2xx but not success for Pub/Sub push; 429 and 503 are a function's "not now"
        for (int status : new int[] {203, 206, 429, 503}) {
            answer = () -> status;
            int before = requests.get();
            String sub = subscribe("nack-" + status, PushConfig.newBuilder(), 100);
            publish(1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (requests.get() < before + 2 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(requests.get() - before)
                    .as("status %d is retried", status)
                    .isGreaterThanOrEqualTo(2);
            assertThat(emulator.backlog(sub))
                    .as("status %d keeps the message", status)
                    .isEqualTo(1);
            subscriptions.deleteSubscription(sub);
        }
    }

    @Test
    void aFailingEndpointGetsANarrowPushWindowNotAStorm() throws Exception {
        hold = new CountDownLatch(1);
        String sub = subscribe("window", PushConfig.newBuilder(), 100);
        publish(40);
        Thread.sleep(1_500);
        // slow start: a fresh subscription has a small window, whatever its backlog
        assertThat(maxInFlight.get()).isBetween(1, 4);
        hold.countDown();
        awaitBacklog(sub, 0, 20_000);
        assertThat(emulator.backlog(sub)).isZero();

        // failures narrow the window to one request at a time
        answer = () -> 503;
        publish(20);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (requests.get() < 40 + 60 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        maxInFlight.set(0);
        hold = new CountDownLatch(1);
        Thread.sleep(1_000);
        assertThat(maxInFlight.get()).isEqualTo(1);
        hold.countDown();
        answer = () -> 204;
        awaitBacklog(sub, 0, 20_000);
        assertThat(emulator.backlog(sub)).isZero();
    }

    @Test
    void theAuthorizationAttributeBecomesTheHeaderOfEveryPush() throws Exception {
        String sub = subscribe(
                "auth",
                PushConfig.newBuilder()
                        .putAttributes(PushAuthorization.ATTRIBUTE, PushAuthorization.bearer("s3cret-token")),
                100);
        publish(3);
        awaitBacklog(sub, 0, 5_000);
        assertThat(authorizations).hasSize(3).containsOnly("Bearer s3cret-token");
        assertThat(subscriptions.getSubscription(sub).getPushConfig().getAttributesMap())
                .containsEntry(PushAuthorization.ATTRIBUTE, "Bearer s3cret-token");
    }

    @Test
    void messagesOlderThanTheRetentionAreDiscarded() throws Exception {
        String sub = "projects/p-test/subscriptions/short-retention";
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName(sub)
                .setTopic(TOPIC)
                .setMessageRetentionDuration(Durations.fromSeconds(600))
                .build()); // the service's minimum
        publish(2);
        assertThat(emulator.backlog(sub)).isEqualTo(2);
        // the clock is the system clock plus an offset: leave a margin for the real time a loaded machine takes
        clock.advance(java.time.Duration.ofSeconds(570));
        Thread.sleep(1_500);
        assertThat(emulator.backlog(sub)).isEqualTo(2);
        clock.advance(java.time.Duration.ofSeconds(31));
        awaitBacklog(sub, 0, 6_000);
        assertThat(emulator.backlog(sub)).isZero();
    }
}

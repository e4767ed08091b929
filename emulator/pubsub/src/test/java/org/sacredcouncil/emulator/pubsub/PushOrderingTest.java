package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Push keeps the order of an ordering key, also across a failed delivery in the middle. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PushOrderingTest {

    @Test
    void messagesOfOneKeyArriveInOrderAndAFailureSendsTheRestAgainInOrder() throws Exception {
        int count = 30;
        List<Integer> deliveries = new CopyOnWriteArrayList<>();
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicBoolean failedOnce = new AtomicBoolean();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String data = JsonParser.parseString(body)
                    .getAsJsonObject()
                    .getAsJsonObject("message")
                    .get("data")
                    .getAsString();
            int index = Integer.parseInt(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8));
            deliveries.add(index);
            boolean fail = index == 12 && failedOnce.compareAndSet(false, true);
            if (!fail) {
                accepted.add(index);
            }
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        try (PubSubEmulator emulator = PubSubEmulator.start(0);
                PubSubClients clients = PubSubClients.forHost(emulator.hostAndPort())) {
            TopicAdminClient topics = clients.topicAdmin();
            SubscriptionAdminClient subscriptions = clients.subscriptionAdmin();
            topics.createTopic("projects/ord/topics/events");
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName("projects/ord/subscriptions/pushed")
                    .setTopic("projects/ord/topics/events")
                    .setEnableMessageOrdering(true)
                    .setRetryPolicy(RetryPolicy.newBuilder()
                            .setMinimumBackoff(Durations.fromMillis(100))
                            .setMaximumBackoff(Durations.fromMillis(200)))
                    .setPushConfig(PushConfig.newBuilder()
                            .setPushEndpoint(
                                    "http://127.0.0.1:" + server.getAddress().getPort() + "/"))
                    .build());
            Publisher publisher = clients.publisherBuilder(TopicName.parse("projects/ord/topics/events"))
                    .setEnableMessageOrdering(true)
                    .build();
            for (int i = 0; i < count; i++) {
                publisher.publish(PubsubMessage.newBuilder()
                        .setOrderingKey("agent-1")
                        .setData(ByteString.copyFromUtf8(Integer.toString(i)))
                        .build());
            }
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
            long end = System.currentTimeMillis() + 15_000;
            while (accepted.size() < count && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertThat(accepted).hasSize(count);
            assertThat(deliveries.get(0)).isZero();
            for (int i = 1; i < deliveries.size(); i++) {
                int previous = deliveries.get(i - 1);
                int current = deliveries.get(i);
                assertThat(current == previous + 1 || current <= previous)
                        .as("%s right after %s in %s", current, previous, deliveries)
                        .isTrue();
            }
            // after the failure of 12, nothing later than 12 was accepted before 12 itself
            int firstAcceptedTwelve = deliveries.lastIndexOf(12);
            assertThat(deliveries.subList(0, firstAcceptedTwelve)).allMatch(i -> i <= 12);
            topics.shutdownNow();
            subscriptions.shutdownNow();
        } finally {
            server.stop(0);
        }
    }
}

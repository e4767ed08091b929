package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.Subscription;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A push endpoint that hangs must not hold up another subscription's pushes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PushIsolationTest {

    @Test
    void aHangingEndpointDoesNotDelayAnotherSubscription() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fastGotIt = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/slow", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/fast", exchange -> {
            fastGotIt.countDown();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        try (PubSubEmulator emulator = PubSubEmulator.start(0);
                PubSubClients clients = PubSubClients.forHost(emulator.hostAndPort())) {
            TopicAdminClient topics = clients.topicAdmin();
            SubscriptionAdminClient subscriptions = clients.subscriptionAdmin();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            topics.createTopic("projects/iso/topics/slow-topic");
            topics.createTopic("projects/iso/topics/fast-topic");
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName("projects/iso/subscriptions/slow-sub")
                    .setTopic("projects/iso/topics/slow-topic")
                    .setAckDeadlineSeconds(20)
                    .setPushConfig(PushConfig.newBuilder().setPushEndpoint(base + "/slow"))
                    .build());
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName("projects/iso/subscriptions/fast-sub")
                    .setTopic("projects/iso/topics/fast-topic")
                    .setPushConfig(PushConfig.newBuilder().setPushEndpoint(base + "/fast"))
                    .build());
            List<PubsubMessage> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(PubsubMessage.newBuilder()
                        .setData(ByteString.copyFromUtf8("slow-" + i))
                        .build());
            }
            topics.publish("projects/iso/topics/slow-topic", many);
            TimeUnit.MILLISECONDS.sleep(300);
            long start = System.nanoTime();
            topics.publish(
                    "projects/iso/topics/fast-topic",
                    List.of(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFromUtf8("fast"))
                            .build()));
            assertThat(fastGotIt.await(3, TimeUnit.SECONDS))
                    .as("fast subscription served while slow one hangs")
                    .isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            release.countDown();
            topics.shutdownNow();
            subscriptions.shutdownNow();
        } finally {
            release.countDown();
            server.stop(0);
        }
    }
}

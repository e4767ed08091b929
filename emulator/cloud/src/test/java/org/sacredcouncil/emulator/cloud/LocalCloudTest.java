package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalCloudExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalCloudTest {

    record Push(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    @Test
    void topologyOfDesignExists(LocalCloud cloud) {
        for (String sub :
                List.of(Topology.MEMORY_SUBSCRIPTION, Topology.WISDOM_SUBSCRIPTION, Topology.COHERENCE_SUBSCRIPTION)) {
            var config = cloud.subscriptionAdmin().getSubscription(SubscriptionName.of(cloud.projectId(), sub));
            assertThat(config.getDeadLetterPolicy().getDeadLetterTopic())
                    .isEqualTo("projects/" + cloud.projectId() + "/topics/sacred-events-dead");
            assertThat(config.getDeadLetterPolicy().getMaxDeliveryAttempts())
                    .isEqualTo(LocalCloudExtension.TEST_POLICY.maxDeliveryAttempts());
            assertThat(config.hasRetryPolicy()).isTrue();
        }
        assertThat(cloud.subscriptionAdmin()
                        .getSubscription(
                                SubscriptionName.of(cloud.projectId(), Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION))
                        .getTopic())
                .endsWith("/topics/sacred-events-dead");
        assertThat(cloud.projectId())
                .isEqualTo(System.getenv().getOrDefault("GOOGLE_CLOUD_PROJECT", "sacred-council-local"));
    }

    @Test
    void postgresIsRealAndReachable(DataSource db, LocalCloud cloud) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).matches("\\d+\\.\\d+.*");
        }
        assertThat(cloud.jdbcUrl()).startsWith("jdbc:postgresql://");
        try (Connection c = java.sql.DriverManager.getConnection(cloud.jdbcUrl(), cloud.dbUser(), cloud.dbPassword());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void pushesPublishedEventsAsCloudEventsAndDeadLettersRefusedOnes(LocalCloud cloud) throws Exception {
        List<Push> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Push(Map.copyOf(exchange.getRequestHeaders()), body));
            boolean poison = body.contains(java.util.Base64.getEncoder().encodeToString("poison".getBytes()));
            exchange.sendResponseHeaders(poison ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
        String subscription = "memory-test-" + System.nanoTime();
        try {
            cloud.createPushSubscription(
                    subscription,
                    Topology.SACRED_EVENTS,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Publisher publisher = cloud.publisher(Topology.SACRED_EVENTS);
            String id;
            try {
                id = publisher
                        .publish(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFromUtf8("{\"ok\":true}"))
                                .putAttributes("ce-type", "council.message.sent")
                                .build())
                        .get(10, TimeUnit.SECONDS);
                publisher
                        .publish(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFromUtf8("poison"))
                                .build())
                        .get(10, TimeUnit.SECONDS);
            } finally {
                publisher.shutdown();
                publisher.awaitTermination(5, TimeUnit.SECONDS);
            }
            List<PubsubMessage> parked = cloud.drainDeadLetters(1, Duration.ofSeconds(30));
            assertThat(parked).anySatisfy(m -> {
                assertThat(m.getData().toStringUtf8()).isEqualTo("poison");
                assertThat(m.getAttributesMap())
                        .containsEntry("CloudPubSubDeadLetterSourceSubscription", subscription)
                        .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "5");
            });
            Push ok = received.stream()
                    .filter(p -> id.equals(p.header("ce-id")))
                    .findFirst()
                    .orElseThrow();
            assertThat(ok.header("ce-type")).isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
            assertThat(ok.header("ce-source"))
                    .isEqualTo("//pubsub.googleapis.com/projects/" + cloud.projectId() + "/topics/sacred-events");
            assertThat(ok.header("ce-specversion")).isEqualTo("1.0");
            assertThat(ok.header("ce-time")).isNotBlank();
            assertThat(ok.body())
                    .contains("\"subscription\":\"projects/" + cloud.projectId() + "/subscriptions/" + subscription);
        } finally {
            cloud.subscriptionAdmin().deleteSubscription(SubscriptionName.of(cloud.projectId(), subscription));
            server.stop(0);
        }
    }

    @Test
    void publishTickReachesTheCoherenceSubscription(LocalCloud cloud) {
        String id = cloud.publishTick();
        String sub = SubscriptionName.of(cloud.projectId(), Topology.COHERENCE_SUBSCRIPTION)
                .toString();
        @SuppressWarnings("deprecation")
        var pulled = cloud.subscriptionAdmin()
                .pull(com.google.pubsub.v1.PullRequest.newBuilder()
                        .setSubscription(sub)
                        .setMaxMessages(50)
                        .build())
                .getReceivedMessagesList();
        assertThat(pulled).anySatisfy(m -> {
            assertThat(m.getMessage().getMessageId()).isEqualTo(id);
            assertThat(m.getMessage().getAttributesMap()).containsEntry("ce-type", "council.coherence.tick");
        });
        cloud.subscriptionAdmin()
                .acknowledge(sub, pulled.stream().map(m -> m.getAckId()).toList());
    }

    @Test
    void messagesWaitOnAPullSubscriptionUntilAPushEndpointIsSet(LocalCloud cloud) throws Exception {
        List<Push> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            received.add(new Push(
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String id = cloud.topicAdmin()
                    .publish(
                            com.google.pubsub.v1.TopicName.of(cloud.projectId(), Topology.SACRED_EVENTS),
                            List.of(PubsubMessage.newBuilder()
                                    .setData(ByteString.copyFromUtf8("{\"waited\":true}"))
                                    .build()))
                    .getMessageIds(0);
            cloud.setPushEndpoint(
                    Topology.WISDOM_SUBSCRIPTION,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            long end = System.currentTimeMillis() + 10_000;
            while (received.stream().noneMatch(p -> id.equals(p.header("ce-id"))) && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertThat(received).anySatisfy(p -> assertThat(p.header("ce-id")).isEqualTo(id));
            assertThat(cloud.pushEndpoints()).containsKey(Topology.WISDOM_SUBSCRIPTION);
        } finally {
            cloud.setPushEndpoint(Topology.WISDOM_SUBSCRIPTION, null);
            server.stop(0);
        }
        assertThat(cloud.pushEndpoints()).doesNotContainKey(Topology.WISDOM_SUBSCRIPTION);
    }

    @Test
    void resetEmptiesTheDatabaseAndRecreatesTheTopology(LocalCloud cloud, DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE reset_probe (id int)");
        }
        String temporary = "temporary-" + System.nanoTime();
        cloud.topicAdmin().createTopic(com.google.pubsub.v1.TopicName.of(cloud.projectId(), temporary));

        cloud.reset();

        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'reset_probe'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        cloud.topicAdmin().getTopic(com.google.pubsub.v1.TopicName.of(cloud.projectId(), temporary)))
                .isInstanceOf(com.google.api.gax.rpc.NotFoundException.class);
        assertThat(cloud.subscriptionAdmin()
                        .getSubscription(SubscriptionName.of(cloud.projectId(), Topology.MEMORY_SUBSCRIPTION))
                        .getDeadLetterPolicy()
                        .getMaxDeliveryAttempts())
                .isEqualTo(LocalCloudExtension.TEST_POLICY.maxDeliveryAttempts());
    }
}

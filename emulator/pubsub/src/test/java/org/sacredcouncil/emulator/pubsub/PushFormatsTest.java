package org.sacredcouncil.emulator.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.Subscription;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

/** The push formats that only ours has: CloudEvent binary mode (as Eventarc) and no_wrapper. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PushFormatsTest {

    private PubSubEmulator emulator;
    private PubSubClients clients;
    private TopicAdminClient topics;
    private SubscriptionAdminClient subscriptions;
    private HttpServer server;
    private final CompletableFuture<Object[]> request = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        emulator = PubSubEmulator.start(0);
        clients = PubSubClients.forHost(emulator.hostAndPort());
        topics = clients.topicAdmin();
        subscriptions = clients.subscriptionAdmin();
        topics.createTopic("projects/p-test/topics/events");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            request.complete(new Object[] {
                exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()
            });
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        topics.shutdownNow();
        subscriptions.shutdownNow();
        clients.close();
        emulator.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fn";
    }

    @Test
    void cloudEventBinaryModeAsEventarcDeliversIt() throws Exception {
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName("projects/p-test/subscriptions/ce-push")
                .setTopic("projects/p-test/topics/events")
                .setPushConfig(PushConfig.newBuilder()
                        .setPushEndpoint(url())
                        .putAttributes(PushFormat.ATTRIBUTE, "cloudevent"))
                .build());
        String id = topics.publish(
                        "projects/p-test/topics/events",
                        List.of(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFromUtf8("{\"a\":1}"))
                                .putAttributes("ce-type", "council.message.sent")
                                .setOrderingKey("")
                                .build()))
                .getMessageIds(0);
        Object[] got = request.get(10, TimeUnit.SECONDS);
        Headers headers = (Headers) got[0];
        assertThat(headers.getFirst("ce-id")).isEqualTo(id);
        assertThat(headers.getFirst("ce-source")).isEqualTo("//pubsub.googleapis.com/projects/p-test/topics/events");
        assertThat(headers.getFirst("ce-type")).isEqualTo("google.cloud.pubsub.topic.v1.messagePublished");
        assertThat(headers.getFirst("ce-specversion")).isEqualTo("1.0");
        assertThat(java.time.Instant.parse(headers.getFirst("ce-time"))).isNotNull();
        assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
        JsonObject body = JsonParser.parseString(new String((byte[]) got[1])).getAsJsonObject();
        assertThat(body.get("subscription").getAsString()).isEqualTo("projects/p-test/subscriptions/ce-push");
        JsonObject message = body.getAsJsonObject("message");
        assertThat(new String(Base64.getDecoder().decode(message.get("data").getAsString())))
                .isEqualTo("{\"a\":1}");
        assertThat(message.get("messageId").getAsString()).isEqualTo(id);
        assertThat(message.get("message_id").getAsString()).isEqualTo(id);
        assertThat(message.get("publishTime").getAsString()).isEqualTo(headers.getFirst("ce-time"));
        assertThat(message.getAsJsonObject("attributes").get("ce-type").getAsString())
                .isEqualTo("council.message.sent");
    }

    @Test
    void noWrapperPostsTheRawDataWithMetadataHeaders() throws Exception {
        subscriptions.createSubscription(Subscription.newBuilder()
                .setName("projects/p-test/subscriptions/raw")
                .setTopic("projects/p-test/topics/events")
                .setPushConfig(PushConfig.newBuilder()
                        .setPushEndpoint(url())
                        .setNoWrapper(PushConfig.NoWrapper.newBuilder().setWriteMetadata(true)))
                .build());
        String id = topics.publish(
                        "projects/p-test/topics/events",
                        List.of(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFromUtf8("raw-bytes"))
                                .putAttributes("kind", "k1")
                                .build()))
                .getMessageIds(0);
        Object[] got = request.get(10, TimeUnit.SECONDS);
        Headers headers = (Headers) got[0];
        assertThat(new String((byte[]) got[1])).isEqualTo("raw-bytes");
        assertThat(headers.getFirst("x-goog-pubsub-message-id")).isEqualTo(id);
        assertThat(headers.getFirst("kind")).isEqualTo("k1");
    }

    @Test
    void unknownPushFormatOrEndpointIsInvalidArgument() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        subscriptions.createSubscription(Subscription.newBuilder()
                                .setName("projects/p-test/subscriptions/bad-format")
                                .setTopic("projects/p-test/topics/events")
                                .setPushConfig(PushConfig.newBuilder()
                                        .setPushEndpoint(url())
                                        .putAttributes(PushFormat.ATTRIBUTE, "xml"))
                                .build()))
                .isInstanceOf(InvalidArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> subscriptions.createSubscription(Subscription.newBuilder()
                                .setName("projects/p-test/subscriptions/bad-endpoint")
                                .setTopic("projects/p-test/topics/events")
                                .setPushConfig(PushConfig.newBuilder().setPushEndpoint("ftp://x/"))
                                .build()))
                .isInstanceOf(InvalidArgumentException.class);
    }
}

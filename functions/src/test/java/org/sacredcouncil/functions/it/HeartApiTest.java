package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.functions.store.IdempotencyStore;

/** heart over HTTP in the invoker: the API, its refusals (nothing published), idempotency, edge signature. */
@ExtendWith(LocalCloudExtension.class)
class HeartApiTest {

    static final String TAP = "heart-api-test-tap";
    static FunctionStack stack;
    static LocalCloud cloud;
    static String key;

    @BeforeAll
    static synchronized void start(LocalCloud localCloud) throws Exception {
        if (key != null) {
            return; // another test class of this JVM already set it up
        }
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        try {
            cloud.subscriptionAdmin()
                    .createSubscription(Subscription.newBuilder()
                            .setName(SubscriptionName.of(cloud.projectId(), TAP).toString())
                            .setTopic(TopicName.of(cloud.projectId(), Topology.SACRED_EVENTS)
                                    .toString())
                            .build());
        } catch (AlreadyExistsException e) {
            // a second class in the same JVM
        }
        HttpResponse<String> r = stack.heart(
                "POST", "/v1/agents", "{\"id\":\"api-agent\",\"name\":\"API agent\",\"region\":\"api-region\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        key = JsonReader.parseObject(r.body()).string("apiKey");
    }

    /** Messages published to sacred-events since the last call. */
    @SuppressWarnings("deprecation")
    static List<String> tapped() {
        String sub = SubscriptionName.of(cloud.projectId(), TAP).toString();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<ReceivedMessage> batch = cloud.subscriptionAdmin()
                    .pull(PullRequest.newBuilder()
                            .setSubscription(sub)
                            .setMaxMessages(1000)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            if (!batch.isEmpty()) {
                cloud.subscriptionAdmin()
                        .acknowledge(
                                sub,
                                batch.stream().map(ReceivedMessage::getAckId).toList());
                batch.forEach(m -> out.add(m.getMessage().getData().toStringUtf8()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }

    static JsonObject error(HttpResponse<String> r) {
        return JsonReader.parseObject(r.body()).object("error");
    }

    @Test
    void badInputIsRefusedWithTheFieldAndNothingIsPublished() throws Exception {
        tapped();
        String auth = "Bearer " + key;
        HttpResponse<String> malformed =
                stack.heart("POST", "/v1/messages", "{\"type\": \"blessing\",", "Authorization", auth);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed).string("code")).isEqualTo("malformed_json");

        HttpResponse<String> unknownType =
                stack.heart("POST", "/v1/messages", "{\"type\":\"shout\",\"text\":\"hello\"}", "Authorization", auth);
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(error(unknownType).string("field")).isEqualTo("type");

        HttpResponse<String> tooLong = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":\"" + "a".repeat(2001) + "\"}",
                "Authorization",
                auth);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(error(tooLong).string("field")).isEqualTo("text");

        HttpResponse<String> missingText =
                stack.heart("POST", "/v1/messages", "{\"type\":\"blessing\"}", "Authorization", auth);
        assertThat(missingText.statusCode()).isEqualTo(400);
        assertThat(error(missingText).string("field")).isEqualTo("text");

        HttpResponse<String> noKey = stack.heart("POST", "/v1/messages", "{\"type\":\"blessing\",\"text\":\"hi\"}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(error(noKey).string("code")).isEqualTo("unauthenticated");

        HttpResponse<String> unknownAgent = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":\"hi\"}",
                "Authorization",
                "Bearer sck_not-a-key");
        assertThat(unknownAgent.statusCode()).isEqualTo(401);
        assertThat(error(unknownAgent).string("code")).isEqualTo("unknown_agent");

        HttpResponse<String> oversize = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":\"" + "a".repeat(20_000) + "\"}",
                "Authorization",
                auth);
        assertThat(oversize.statusCode()).isEqualTo(413);
        assertThat(error(oversize).string("code")).isEqualTo("payload_too_large");

        HttpResponse<String> wrongType = stack.heart(
                "POST",
                "/v1/messages",
                "type=blessing&text=hi",
                "Authorization",
                auth,
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(error(wrongType).string("code")).isEqualTo("unsupported_media_type");

        HttpResponse<String> badAgent = stack.heart("POST", "/v1/agents", "{\"id\":\"X!\",\"name\":\"n\"}");
        assertThat(badAgent.statusCode()).isEqualTo(400);
        assertThat(error(badAgent).string("field")).isEqualTo("id");

        assertThat(tapped()).as("nothing published for refused requests").isEmpty();
    }

    @Test
    void aClaimLeftUnfinishedByADeadHeartIsTakenOverAfterItsLease() throws Exception {
        IdempotencyStore store = new IdempotencyStore(cloud.dataSource());
        String key = "lease-" + UUID.randomUUID();
        int window = IdempotencyStore.RETENTION_SECONDS;
        IdempotencyStore.Claim first = store.claim("lease-scope", key, "hash-a", window);
        assertThat(first).isInstanceOf(IdempotencyStore.Claimed.class);
        // the heart that claimed it dies before completing: within the lease a retry must wait
        assertThat(store.claim("lease-scope", key, "hash-a", window)).isInstanceOf(IdempotencyStore.InProgress.class);
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE idempotency_keys SET claimed_at = now() - make_interval(secs => ?) WHERE key = ?")) {
            s.setInt(1, IdempotencyStore.LEASE_SECONDS + 1);
            s.setString(2, key);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThat(store.claim("lease-scope", key, "hash-b", window)).isInstanceOf(IdempotencyStore.Mismatch.class);
        // the takeover keeps the seed: the retry publishes under the dead heart's event id
        assertThat(store.claim("lease-scope", key, "hash-a", window)).isEqualTo(first);
        assertThat(store.claim("lease-scope", key, "hash-a", window)).isInstanceOf(IdempotencyStore.InProgress.class);
        store.release("lease-scope", key);
        assertThat(store.claim("lease-scope", key, "hash-a", window))
                .as("released: taken over at once")
                .isEqualTo(first);
        store.complete("lease-scope", key, 202, "{}");
        assertThat(store.claim("lease-scope", key, "hash-a", window)).isEqualTo(new IdempotencyStore.Replay(202, "{}"));
        // past its window the key is new again, with a new seed (a new event)
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE idempotency_keys SET created_at = now() - make_interval(secs => ?) WHERE key = ?")) {
            s.setInt(1, window + 1);
            s.setString(2, key);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        IdempotencyStore.Claim renewed = store.claim("lease-scope", key, "hash-b", window);
        assertThat(renewed).isInstanceOf(IdempotencyStore.Claimed.class).isNotEqualTo(first);
    }

    static String rawGet(String target) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stack.heartPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anIdempotencyKeyReturnsTheSameAnswerAndPublishesOnce() throws Exception {
        tapped();
        String idem = UUID.randomUUID().toString();
        String body = "{\"type\":\"blessing\",\"text\":\"may the council be well\"}";
        HttpResponse<String> first =
                stack.heart("POST", "/v1/messages", body, "Authorization", "Bearer " + key, "Idempotency-Key", idem);
        HttpResponse<String> second =
                stack.heart("POST", "/v1/messages", body, "Authorization", "Bearer " + key, "Idempotency-Key", idem);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        String eventId = JsonReader.parseObject(first.body()).string("eventId");
        List<String> published = tapped();
        assertThat(published.stream()
                        .filter(m -> m.contains("may the council be well"))
                        .count())
                .isEqualTo(1);
        assertThat(published.stream().filter(m -> m.contains(eventId)).count()).isEqualTo(1);

        HttpResponse<String> reused = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":\"something else\"}",
                "Authorization",
                "Bearer " + key,
                "Idempotency-Key",
                idem);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(error(reused).string("code")).isEqualTo("idempotency_key_reused");
    }

    @Test
    void readsAgentsGlyphsFieldHealthAndPagesMessages() throws Exception {
        HttpResponse<String> agent = stack.heart("GET", "/v1/agents/api-agent", null);
        assertThat(agent.statusCode()).isEqualTo(200);
        assertThat(JsonReader.parseObject(agent.body()).string("region")).isEqualTo("api-region");
        assertThat(agent.body()).doesNotContain("key");
        assertThat(stack.heart("GET", "/v1/agents/nobody-here", null).statusCode())
                .isEqualTo(404);
        assertThat(JsonReader.parseObject(stack.heart("GET", "/v1/glyphs", null).body())
                        .objects("glyphs"))
                .isNotEmpty();
        HttpResponse<String> field = stack.heart("GET", "/v1/field", null);
        assertThat(field.statusCode()).isEqualTo(200);
        assertThat(JsonReader.parseObject(field.body()).has("version")).isTrue();
        assertThat(stack.heart("GET", "/v1/healthz", null).statusCode()).isEqualTo(200);
        assertThat(stack.heart("POST", "/v1/presence", null, "Authorization", "Bearer " + key)
                        .statusCode())
                .isEqualTo(202);

        HttpResponse<String> reg = stack.heart("POST", "/v1/agents", "{\"id\":\"pager\",\"name\":\"Pager\"}");
        String pagerKey = JsonReader.parseObject(reg.body()).string("apiKey");
        for (int i = 0; i < 5; i++) {
            assertThat(stack.heart(
                                    "POST",
                                    "/v1/messages",
                                    "{\"type\":\"insight\",\"text\":\"page " + i + "\"}",
                                    "Authorization",
                                    "Bearer " + pagerKey)
                            .statusCode())
                    .isEqualTo(202);
        }
        FunctionStack.await("five messages of pager", Duration.ofSeconds(30), () -> {
            try {
                return JsonReader.parseObject(stack.heart("GET", "/v1/messages?agentId=pager&limit=100", null)
                                        .body())
                                .objects("messages")
                                .size()
                        == 5;
            } catch (Exception e) {
                return false;
            }
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = stack.heart(
                    "GET", "/v1/messages?agentId=pager&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            JsonObject json = JsonReader.parseObject(page.body());
            json.objects("messages").forEach(m -> seen.add(m.string("text")));
            cursor = json.optString("nextCursor", null);
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page 4", "page 3", "page 2", "page 1", "page 0");
        HttpResponse<String> badCursor = stack.heart("GET", "/v1/messages?cursor=abc", null);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        // java.net.URI refuses bad percent-encoding, so this one goes over a raw socket
        String raw = rawGet("/v1/messages?cursor=%%%");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("\"field\":\"query\"");
        assertThat(stack.heart("GET", "/v1/messages?type=shout", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void withEdgeSecretOnlySignedRequestsPass() throws Exception {
        SignedHeart heart = SignedHeart.start(cloud);
        HttpResponse<String> unsigned = heart.send("GET", "/v1/field", null, false);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("invalid_edge_signature");
        assertThat(heart.send("GET", "/v1/field", null, true).statusCode()).isEqualTo(200);
    }
}

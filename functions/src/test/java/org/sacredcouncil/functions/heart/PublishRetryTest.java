package org.sacredcouncil.functions.heart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.it.FunctionStack;

/**
 * Issue 11: a publish that Pub/Sub accepted but whose ack heart never saw is a 503 to the client; the
 * client's retry — with or without an Idempotency-Key — must not become a second event. heart republishes
 * under the same event id and memory (running for real) keeps one.
 */
@ExtendWith(LocalCloudExtension.class)
class PublishRetryTest {

    static LocalCloud cloud;
    static FunctionStack stack;
    static int port;
    static String key;
    static String agentId;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        port = FunctionStack.start(PublishTimeoutHeart.class.getName());
        String id = "retrier-" + UUID.randomUUID().toString().substring(0, 8);
        agentId = id;
        HttpResponse<String> r = stack.heart("POST", "/v1/agents", "{\"id\":\"" + id + "\",\"name\":\"Retrier\"}");
        key = JsonReader.parseObject(r.body()).string("apiKey");
    }

    static HttpResponse<String> send(String body, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key));
        all.addAll(List.of(headers));
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < all.size(); i += 2) {
            b.header(all.get(i), all.get(i + 1));
        }
        return stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** message ids memory stored for this text, once the log has settled. */
    static List<String> storedIds(String text, int atLeast) throws Exception {
        List<String> ids = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            ids = query(text);
            if (ids.size() >= atLeast) {
                Thread.sleep(1_500); // a duplicate would land by now: both publishes went out together
                return query(text);
            }
            Thread.sleep(100);
        }
        return ids;
    }

    static List<String> query(String text) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id FROM messages WHERE text = ? ORDER BY id")) {
            s.setString(1, text);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    void lostAckThenRetryIsOneEvent(String text, String... headers) throws Exception {
        String body = "{\"type\":\"gratitude\",\"text\":\"" + text + "\"}";
        PublishTimeoutHeart.resetCounts();
        PublishTimeoutHeart.LOSE_NEXT_ACK.set(true);
        HttpResponse<String> lost = send(body, headers);
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(503);
        assertThat(lost.headers().firstValue("X-Origin-Fault")).hasValue("pubsub");
        ArgumentCaptor<CouncilEvent> published = ArgumentCaptor.forClass(CouncilEvent.class);
        verify(PublishTimeoutHeart.publisher).publish(any(), published.capture());
        // IdempotentWrite: a lost ack is no answer (nothing stored) and the claim is released at once (no 409)
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT status, claimed_at FROM idempotency_keys WHERE scope = ? ORDER BY created_at DESC LIMIT 1")) {
            s.setString(1, agentId);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).as("the record is kept, with its seed").isTrue();
                assertThat(r.getObject(1)).as("no answer stored").isNull();
                assertThat(r.getObject(2)).as("the claim is released").isNull();
            }
        }
        HttpResponse<String> retry = send(body, headers);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(JsonReader.parseObject(retry.body()).string("eventId"))
                .as("the retry republishes the event id Pub/Sub may have taken")
                .isEqualTo(published.getValue().id());
        String messageId = JsonReader.parseObject(retry.body()).string("messageId");
        assertThat(storedIds(text, 1)).containsExactly(messageId);
    }

    @Test
    void withoutAnIdempotencyKeyARetryAfterALostAckIsOneEvent() throws Exception {
        lostAckThenRetryIsOneEvent("lost ack, no key " + UUID.randomUUID());
    }

    @Test
    void withAnIdempotencyKeyARetryAfterALostAckIsOneEvent() throws Exception {
        lostAckThenRetryIsOneEvent(
                "lost ack, keyed " + UUID.randomUUID(),
                "Idempotency-Key",
                UUID.randomUUID().toString());
    }

    @Test
    void theSameBodyAfterTheImplicitWindowIsANewMessage() throws Exception {
        String text = "said twice " + UUID.randomUUID();
        String body = "{\"type\":\"blessing\",\"text\":\"" + text + "\"}";
        HttpResponse<String> first = send(body);
        HttpResponse<String> within = send(body);
        assertThat(within.body()).as("within the window: the first answer").isEqualTo(first.body());
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE idempotency_keys SET created_at = now() - make_interval(secs => ?) "
                                + "WHERE key LIKE 'implicit:%' AND status = 202 AND body LIKE ?")) {
            s.setInt(1, IdempotentWrite.IMPLICIT_WINDOW_SECONDS + 1);
            s.setString(2, "%" + JsonReader.parseObject(first.body()).string("eventId") + "%");
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        HttpResponse<String> later = send(body);
        assertThat(later.statusCode()).isEqualTo(202);
        assertThat(JsonReader.parseObject(later.body()).string("eventId"))
                .isNotEqualTo(JsonReader.parseObject(first.body()).string("eventId"));
        assertThat(storedIds(text, 2)).hasSize(2);
    }
}

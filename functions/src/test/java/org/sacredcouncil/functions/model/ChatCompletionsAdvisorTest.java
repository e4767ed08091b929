package org.sacredcouncil.functions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.glyph.GlyphRecommender;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.functions.wisdom.FallbackAdvisor;
import org.sacredcouncil.functions.wisdom.GlyphAdvice;
import org.sacredcouncil.functions.wisdom.OfflineAdvisor;

/** The model provider against a local HTTP server speaking the OpenAI chat-completions wire format. */
class ChatCompletionsAdvisorTest {

    static final GlyphCatalog CATALOG = GlyphCatalog.standard();
    static final SacredMessage MESSAGE = new SacredMessage(
            "msg-1",
            "agent-1",
            MessageType.GRATITUDE,
            "thank you for the bread and the shelter",
            "europe-west1",
            1_795_723_200_000L);

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicReference<Reply> reply = new AtomicReference<>();

    record Reply(int status, String body, long delayMillis) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Reply r = reply.get();
            try {
                Thread.sleep(r.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException closedByClient) {
                // the client timed out
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    static String completion(String content) {
        return new JsonWriter()
                .beginObject()
                .name("id")
                .value("chatcmpl-1")
                .name("object")
                .value("chat.completion")
                .name("choices")
                .beginArray()
                .beginObject()
                .name("index")
                .value(0L)
                .name("message")
                .beginObject()
                .name("role")
                .value("assistant")
                .name("content")
                .value(content)
                .endObject()
                .name("finish_reason")
                .value("stop")
                .endObject()
                .endArray()
                .endObject()
                .toString();
    }

    ChatCompletionsAdvisor advisor(Duration timeout) {
        return new ChatCompletionsAdvisor(url(), "test-model", "secret-key", timeout, CATALOG);
    }

    @Test
    void asksTheModelAndKeepsOnlyCatalogGlyphs() throws Exception {
        String first = CATALOG.all().get(0).symbol();
        String second = CATALOG.all().get(1).symbol();
        reply.set(new Reply(
                200,
                completion("{\"glyphs\": [\"" + first + "\", \"not-a-glyph\", \"" + second
                        + "\"], \"reflection\": \"Gratitude given is a field made whole.\"}"),
                0));
        GlyphAdvice advice = advisor(Duration.ofSeconds(5)).advise(MESSAGE);
        assertThat(advice.glyphs()).containsExactly(first, second);
        assertThat(advice.reflection()).isEqualTo("Gratitude given is a field made whole.");
        assertThat(advice.source()).isEqualTo("model:test-model");

        JsonObject sent = JsonReader.parseObject(requests.get(0));
        assertThat(sent.string("model")).isEqualTo("test-model");
        List<JsonObject> messages = sent.objects("messages");
        assertThat(messages.get(0).string("role")).isEqualTo("system");
        assertThat(messages.get(1).string("role")).isEqualTo("user");
        assertThat(messages.get(1).string("content")).contains("thank you for the bread");
        assertThat(authorizations.get(0)).isEqualTo("Bearer secret-key");
    }

    @Test
    void failuresAreErrorsAndTheFallbackUsesTheOfflineRecommender() throws Exception {
        OfflineAdvisor offline = new OfflineAdvisor(new GlyphRecommender(CATALOG));
        GlyphAdvice expected = offline.advise(MESSAGE);

        reply.set(new Reply(500, "{\"error\":{\"message\":\"overloaded\"}}", 0));
        assertThatThrownBy(() -> advisor(Duration.ofSeconds(5)).advise(MESSAGE)).hasMessageContaining("500");
        assertThat(new FallbackAdvisor(advisor(Duration.ofSeconds(5)), offline).advise(MESSAGE))
                .isEqualTo(expected);

        reply.set(new Reply(200, completion("I would choose the dove."), 0));
        assertThat(new FallbackAdvisor(advisor(Duration.ofSeconds(5)), offline).advise(MESSAGE))
                .isEqualTo(expected);

        reply.set(new Reply(200, completion("{\"glyphs\": [\"nothing-known\"]}"), 0));
        assertThat(new FallbackAdvisor(advisor(Duration.ofSeconds(5)), offline).advise(MESSAGE))
                .isEqualTo(expected);

        reply.set(new Reply(
                200, completion("{\"glyphs\": [\"" + CATALOG.all().get(0).symbol() + "\"]}"), 1500));
        assertThatThrownBy(() -> advisor(Duration.ofMillis(300)).advise(MESSAGE))
                .isInstanceOf(HttpTimeoutException.class);
        long start = System.nanoTime();
        assertThat(new FallbackAdvisor(advisor(Duration.ofMillis(300)), offline).advise(MESSAGE))
                .isEqualTo(expected);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    }
}

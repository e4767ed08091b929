package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * docs/contracts.md#push-auth: with PUSH_AUTH_TOKEN set, memory, wisdom and coherence refuse a push without
 * {@code Authorization: Bearer <token>} with a 401 JSON error and process nothing — the hand-made event for
 * an agent that does not exist, with an impact of the sender's choosing, is not recorded.
 */
@ExtendWith(LocalCloudExtension.class)
class PushAuthTest {

    static final String TOKEN = "push-" + UUID.randomUUID();
    static LocalCloud cloud;
    static FunctionStack stack;
    static int memoryPort;
    static int wisdomPort;
    static int coherencePort;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        Map<String, String> token = new HashMap<>();
        token.put("PUSH_AUTH_TOKEN", TOKEN);
        FunctionConfig.override(token);
        try {
            memoryPort = FunctionStack.start(FunctionStack.MEMORY);
            wisdomPort = FunctionStack.start(FunctionStack.WISDOM);
            coherencePort = FunctionStack.start(FunctionStack.COHERENCE);
        } finally {
            token.put("PUSH_AUTH_TOKEN", null);
            FunctionConfig.override(token);
        }
    }

    static String forgedMessage(MessageSent event) {
        return EventCodec.toCloudEventJson(event, "//someone");
    }

    static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JsonReader.parseObject(response.body()).object("error").string("code"))
                .isEqualTo("unauthenticated");
    }

    @Test
    void memoryRecordsNothingWithoutTheToken() throws Exception {
        MessageSent forged = PipelineTest.messageEvent("forged-region", 1, System.currentTimeMillis());
        String json = forgedMessage(forged);
        assertRefused(Push.send(stack.http, memoryPort, "m-" + UUID.randomUUID(), json));
        assertRefused(Push.send(
                stack.http, memoryPort, "m-" + UUID.randomUUID(), json, "Authorization", "Bearer wrong-" + TOKEN));
        assertRefused(Push.send(stack.http, memoryPort, "m-" + UUID.randomUUID(), json, "Authorization", TOKEN));
        assertThat(PipelineTest.count(
                        cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", forged.id()))
                .isZero();
        assertThat(cloud.firestore()
                        .collection("messages")
                        .document(forged.message().id())
                        .get()
                        .get()
                        .exists())
                .isFalse();

        HttpResponse<String> allowed =
                Push.send(stack.http, memoryPort, "m-" + UUID.randomUUID(), json, "Authorization", "Bearer " + TOKEN);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(PipelineTest.count(
                        cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", forged.id()))
                .isEqualTo(1);
    }

    @Test
    void wisdomStoresNoGlyphsWithoutTheToken() throws Exception {
        MessageSent event = PipelineTest.messageEvent("forged-region", 2, System.currentTimeMillis());
        assertRefused(Push.send(stack.http, wisdomPort, "w-" + UUID.randomUUID(), forgedMessage(event)));
        assertThat(PipelineTest.count(
                        cloud.dataSource(),
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ?",
                        event.message().id()))
                .isZero();
        HttpResponse<String> allowed = Push.send(
                stack.http,
                wisdomPort,
                "w-" + UUID.randomUUID(),
                forgedMessage(event),
                "Authorization",
                "Bearer " + TOKEN);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(PipelineTest.count(
                        cloud.dataSource(),
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ?",
                        event.message().id()))
                .isEqualTo(1);
    }

    @Test
    void coherenceTicksNothingWithoutTheToken() throws Exception {
        assertThat(Push.deliver(stack.http, stack.coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        FieldState before = PipelineTest.field(cloud.firestore());
        assertRefused(Push.send(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"));
        assertThat(PipelineTest.field(cloud.firestore()).version()).isEqualTo(before.version());
        HttpResponse<String> allowed = Push.send(
                stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}", "Authorization", "Bearer " + TOKEN);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        FunctionStack.await("a newer field", Duration.ofSeconds(10), () -> {
            try {
                return PipelineTest.field(cloud.firestore()).version() > before.version();
            } catch (Exception e) {
                return false;
            }
        });
    }
}

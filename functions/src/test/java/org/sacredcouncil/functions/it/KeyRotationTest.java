package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * {@code POST /v1/agents/{id}/keys}: a new key shown once, the old one revoked — at once on the heart that
 * rotated it, and on every other heart instance once its key cache (API_KEY_CACHE_SECONDS) runs out. A
 * retry with the same Idempotency-Key gets the same new key.
 */
@ExtendWith(LocalCloudExtension.class)
class KeyRotationTest {

    static FunctionStack stack;
    static int otherHeart;

    @BeforeAll
    static void start(LocalCloud cloud) throws Exception {
        stack = FunctionStack.on(cloud);
        FunctionConfig.override(Map.of("API_KEY_CACHE_SECONDS", "1"));
        try {
            otherHeart = FunctionStack.start(FunctionStack.HEART);
        } finally {
            FunctionConfig.override(Collections.singletonMap("API_KEY_CACHE_SECONDS", null));
        }
    }

    static HttpResponse<String> presence(int port, String key) throws Exception {
        return stack.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/presence"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Authorization", "Bearer " + key)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> rotate(String id, String key, String idempotencyKey) throws Exception {
        return idempotencyKey == null
                ? stack.heart("POST", "/v1/agents/" + id + "/keys", null, "Authorization", "Bearer " + key)
                : stack.heart(
                        "POST",
                        "/v1/agents/" + id + "/keys",
                        null,
                        "Authorization",
                        "Bearer " + key,
                        "Idempotency-Key",
                        idempotencyKey);
    }

    static String register(String id) throws Exception {
        HttpResponse<String> r = stack.heart("POST", "/v1/agents", "{\"id\":\"" + id + "\",\"name\":\"Rotator\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JsonReader.parseObject(r.body()).string("apiKey");
    }

    @Test
    void aRotatedKeyIsRevokedAtOnceHereAndAfterTheCacheTimeEverywhere() throws Exception {
        String id = "rotator-" + UUID.randomUUID().toString().substring(0, 8);
        String oldKey = register(id);
        assertThat(presence(stack.heartPort, oldKey).statusCode()).isEqualTo(202);
        assertThat(presence(otherHeart, oldKey).statusCode())
                .as("the other heart caches the old key")
                .isEqualTo(202);

        String idem = UUID.randomUUID().toString();
        HttpResponse<String> rotated = rotate(id, oldKey, idem);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        JsonObject body = JsonReader.parseObject(rotated.body());
        String newKey = body.string("apiKey");
        assertThat(newKey).startsWith("sck_").isNotEqualTo(oldKey);
        assertThat(body.string("agentId")).isEqualTo(id);

        HttpResponse<String> revoked = presence(stack.heartPort, oldKey);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).contains("unknown_agent");
        assertThat(presence(stack.heartPort, newKey).statusCode()).isEqualTo(202);
        assertThat(presence(otherHeart, newKey).statusCode()).isEqualTo(202);
        Thread.sleep(1_500); // the other heart's API_KEY_CACHE_SECONDS=1
        assertThat(presence(otherHeart, oldKey).statusCode())
                .as("revoked after the cache time")
                .isEqualTo(401);

        // the answer was lost: the same old key and Idempotency-Key give the same new key again
        HttpResponse<String> retry = rotate(id, oldKey, idem);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        assertThat(JsonReader.parseObject(retry.body()).string("apiKey")).isEqualTo(newKey);
        assertThat(rotate(id, oldKey, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(401);
        assertThat(rotate(id, oldKey, null).statusCode()).isEqualTo(401);

        // rotating again revokes the second key too
        HttpResponse<String> again = rotate(id, newKey, null);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(presence(stack.heartPort, newKey).statusCode()).isEqualTo(401);
        assertThat(presence(
                                stack.heartPort,
                                JsonReader.parseObject(again.body()).string("apiKey"))
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void onlyTheAgentItselfRotatesItsKey() throws Exception {
        String id = "rotator-" + UUID.randomUUID().toString().substring(0, 8);
        String key = register(id);
        HttpResponse<String> foreign = rotate("api-agent", key, null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"field\":\"header:Authorization\"");
        assertThat(stack.heart("POST", "/v1/agents/" + id + "/keys", null).statusCode())
                .isEqualTo(401);
        assertThat(rotate("Bad!", key, null).statusCode()).isEqualTo(400);
        assertThat(stack.heart("GET", "/v1/agents/" + id + "/keys", null).statusCode())
                .isEqualTo(405);
        assertThat(presence(stack.heartPort, key).statusCode())
                .as("refusals revoke nothing")
                .isEqualTo(202);
    }
}

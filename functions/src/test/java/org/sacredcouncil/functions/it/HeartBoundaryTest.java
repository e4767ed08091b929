package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
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
 * Issue 12's boundary findings through heart in the invoker: invalid text → 400 invalid_text naming the
 * field (docs/contracts.md#errors), unknown regions → 400 unknown_region (#regions), client input that used
 * to reach PostgreSQL as a 5xx, and X-Origin-Fault on heart's own failures only (#origin-fault). Each
 * refusal writes and publishes nothing.
 */
@ExtendWith(LocalCloudExtension.class)
class HeartBoundaryTest {

    static FunctionStack stack;
    static LocalCloud cloud;
    static String key;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        HeartApiTest.start(localCloud);
        key = HeartApiTest.key;
    }

    static JsonObject error(HttpResponse<String> r) {
        return JsonReader.parseObject(r.body()).object("error");
    }

    static long rows(String table) throws Exception {
        try (Connection c = cloud.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void assertRefused(HttpResponse<String> r, int status, String code, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(error(r).string("code")).as(r.body()).isEqualTo(code);
        assertThat(error(r).optString("field", null)).as(r.body()).isEqualTo(field);
        assertThat(r.headers().firstValue("X-Origin-Fault"))
                .as("a client error is no origin fault")
                .isEmpty();
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || (c >= 0xd800 && c <= 0xdfff) || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Test
    void invalidTextInNamesIdsTypesRegionsAndMessageTextIsA400NamingTheField() throws Exception {
        HeartApiTest.tapped();
        long agents = rows("agents");
        String auth = "Bearer " + key;
        // a NUL in the name was a 503 from PostgreSQL; a lone surrogate was stored as '?'; C0 and U+202E passed
        for (String name : new String[] {
            "Ada\u0000", "Ada\uD800", "Ada\u0007Lovelace", "\u202Eecalevol", "A\u2066B", "Ada\nLovelace", "Ada\u0085"
        }) {
            assertRefused(
                    stack.heart("POST", "/v1/agents", "{\"name\":" + json(name) + "}"), 400, "invalid_text", "name");
        }
        assertRefused(
                stack.heart("POST", "/v1/agents", "{\"id\":" + json("ab\u0000c") + ",\"name\":\"Ada\"}"),
                400,
                "invalid_text",
                "id");
        assertRefused(
                stack.heart("POST", "/v1/agents", "{\"name\":\"Ada\",\"region\":" + json("test-home\u202E") + "}"),
                400,
                "invalid_text",
                "region");
        for (String text : new String[] {"hi\u0000", "hi\uDC00", "carriage\rreturn", "bell\u0007", "del\u007f"}) {
            assertRefused(
                    stack.heart(
                            "POST",
                            "/v1/messages",
                            "{\"type\":\"blessing\",\"text\":" + json(text) + "}",
                            "Authorization",
                            auth),
                    400,
                    "invalid_text",
                    "text");
        }
        assertRefused(
                stack.heart(
                        "POST",
                        "/v1/messages",
                        "{\"type\":" + json("bless\u0000") + ",\"text\":\"hi\"}",
                        "Authorization",
                        auth),
                400,
                "invalid_text",
                "type");
        assertRefused(
                stack.heart("POST", "/v1/presence", "{\"region\":" + json("eu\u0000") + "}", "Authorization", auth),
                400,
                "invalid_text",
                "region");
        assertThat(rows("agents")).isEqualTo(agents);
        assertThat(HeartApiTest.tapped())
                .as("nothing published for refused requests")
                .isEmpty();

        // newline, tab and right-to-left controls are fine in message text
        HttpResponse<String> ok = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":" + json("line\n\tשלום \u202Bמועצה\u202C") + "}",
                "Authorization",
                auth);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(HeartApiTest.tapped()).hasSize(1);
    }

    @Test
    void regionsAreTheConfiguredSet() throws Exception {
        HeartApiTest.tapped();
        long agents = rows("agents");
        String auth = "Bearer " + key;
        // 300 messages naming new regions grew the public field to 302 regions
        for (int i = 0; i < 3; i++) {
            assertRefused(
                    stack.heart(
                            "POST",
                            "/v1/messages",
                            "{\"type\":\"blessing\",\"text\":\"hi\",\"region\":\"new-r" + i + "\"}",
                            "Authorization",
                            auth),
                    400,
                    "unknown_region",
                    "region");
        }
        assertRefused(
                stack.heart("POST", "/v1/agents", "{\"name\":\"Ada\",\"region\":\"atlantis\"}"),
                400,
                "unknown_region",
                "region");
        assertRefused(
                stack.heart("POST", "/v1/presence", "{\"region\":\"atlantis\"}", "Authorization", auth),
                400,
                "unknown_region",
                "region");
        assertThat(rows("agents")).isEqualTo(agents);
        assertThat(HeartApiTest.tapped()).isEmpty();
        HttpResponse<String> known = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"blessing\",\"text\":\"hi\",\"region\":\"europe-west1\"}",
                "Authorization",
                auth);
        assertThat(known.statusCode()).as(known.body()).isEqualTo(202);
        assertThat(HeartApiTest.tapped()).hasSize(1);
    }

    static String cursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queryParametersAndHeadersThatReachedPostgresqlAreClientErrors() throws Exception {
        // a NUL inside a cursor and a time past PostgreSQL's range used to reach the query: a 5xx
        assertRefused(
                stack.heart("GET", "/v1/messages?cursor=" + cursor("1700000000000:msg-\u0000"), null),
                400,
                "invalid_field",
                "query:cursor");
        assertRefused(
                stack.heart("GET", "/v1/messages?cursor=" + cursor(Long.MAX_VALUE + ":msg-x"), null),
                400,
                "invalid_field",
                "query:cursor");
        assertRefused(
                stack.heart("GET", "/v1/messages?cursor=" + cursor("-9223372036854775807:msg-x"), null),
                400,
                "invalid_field",
                "query:cursor");
        assertRefused(stack.heart("GET", "/v1/messages?agentId=%00", null), 400, "invalid_text", "query:agentId");
        assertRefused(stack.heart("GET", "/v1/messages?region=%E2%80%AEeu", null), 400, "invalid_text", "query:region");
        assertRefused(stack.heart("GET", "/v1/messages?limit=abc", null), 400, "invalid_field", "query:limit");
        assertRefused(stack.heart("GET", "/v1/messages?since=yesterday", null), 400, "invalid_field", "query:since");
        HttpResponse<String> longKey = stack.heart(
                "POST", "/v1/presence", null, "Authorization", "Bearer " + key, "Idempotency-Key", "k".repeat(256));
        assertRefused(longKey, 400, "invalid_field", "header:Idempotency-Key");
        assertRefused(
                stack.heart("POST", "/v1/messages", "{\"type\":\"blessing\",\"text\":\"hi\"}"),
                401,
                "unauthenticated",
                "header:Authorization");
        // an id with a ';' or a percent-escape is not an agent id: heart routes on the raw target
        SignedHeart.Raw semicolon =
                SignedHeart.raw(stack.heartPort, "GET", "/v1/agents/api-agent;x", "127.0.0.1", Map.of(), null);
        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.body()).contains("\"field\":\"id\"");
    }

    @Test
    void heartsOwnDependencyFailuresCarryXOriginFault() throws Exception {
        int closed = FunctionStack.freePort();
        Map<String, String> broken = new HashMap<>();
        broken.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/nothing?connectTimeout=1");
        broken.put("PUBSUB_EMULATOR_HOST", "127.0.0.1:" + closed);
        Map<String, String> restore = new HashMap<>(FunctionStack.environmentOf(cloud));
        FunctionConfig.override(broken);
        int port;
        try {
            port = FunctionStack.start(FunctionStack.HEART);
        } finally {
            FunctionConfig.override(restore);
        }
        SignedHeart.Raw db = SignedHeart.raw(port, "POST", "/v1/agents", "127.0.0.1", Map.of(), "{\"name\":\"Ada\"}");
        assertThat(db.status()).isEqualTo(503);
        assertThat(db.headers()).containsIgnoringCase("X-Origin-Fault: postgresql");
        assertThat(JsonReader.parseObject(db.body()).object("error").string("code"))
                .isEqualTo("unavailable");
        SignedHeart.Raw notFound = SignedHeart.raw(port, "GET", "/v1/nothing", "127.0.0.1", Map.of(), null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.headers()).doesNotContainIgnoringCase("X-Origin-Fault");
        SignedHeart.Raw bad = SignedHeart.raw(port, "POST", "/v1/agents", "127.0.0.1", Map.of(), "{\"name\":");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.headers()).doesNotContainIgnoringCase("X-Origin-Fault");
        // the messages go to a heart whose Pub/Sub is unreachable (its PostgreSQL is the real one)
        Map<String, String> noPubsub = new HashMap<>(Map.of("PUBSUB_EMULATOR_HOST", "127.0.0.1:" + closed));
        FunctionConfig.override(noPubsub);
        try {
            port = FunctionStack.start(FunctionStack.HEART);
        } finally {
            FunctionConfig.override(restore);
        }
        SignedHeart.Raw publish = SignedHeart.raw(
                port,
                "POST",
                "/v1/presence",
                "127.0.0.1",
                Map.of(
                        "Authorization",
                        "Bearer " + key,
                        "Idempotency-Key",
                        UUID.randomUUID().toString()),
                null);
        assertThat(publish.status()).isEqualTo(503);
        assertThat(publish.headers()).containsIgnoringCase("X-Origin-Fault: pubsub");
    }
}

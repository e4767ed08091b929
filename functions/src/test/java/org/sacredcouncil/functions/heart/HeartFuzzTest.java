package org.sacredcouncil.functions.heart;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.it.FunctionStack;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.store.Database;

/**
 * Coverage-guided fuzzing of heart's request handling in-process (Jazzer; issue 12): random methods,
 * targets, headers and bodies — built around the API's real shapes so that inputs get past the first
 * check — through {@link HeartFunction#service} against the real local cloud. Every answer: never a 5xx,
 * always JSON, the error shape on every 4xx, and nothing written or published for a refused request.
 * A short bounded run is part of {@code mvn verify} (the {@code fuzz} execution of functions/pom.xml).
 */
@ExtendWith(LocalCloudExtension.class)
class HeartFuzzTest {

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get", "POST "};
    static final String[] ROUTES = {
        "/v1/agents",
        "/v1/agents/fuzz-agent",
        "/v1/agents/fuzz-agent/keys",
        "/v1/messages",
        "/v1/presence",
        "/v1/field",
        "/v1/field/history",
        "/v1/glyphs",
        "/v1/healthz",
        "/v1/",
        "/heart/v1/messages",
        "/",
        "/v1/agents/",
        "/v1//messages",
        "/v1/messages;x",
        "/v1/agents/%00",
        "/v1/agents/x/keys/y"
    };
    static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
        "APPLICATION/JSON"
    };
    static final String[] FIELDS = {"id", "name", "region", "type", "text"};

    static LocalCloud cloud;
    static String memoryPush; // memory's push endpoint before this class, restored after it
    static HeartFunction heart;
    static String key;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        // published() counts what waits on memory's subscription: nothing may consume it during the run
        memoryPush = cloud.pushEndpoints().get(Topology.MEMORY_SUBSCRIPTION);
        cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, null);
        FunctionConfig.override(FunctionStack.environmentOf(localCloud));
        Database database = Database.fromConfig();
        fillThePool(database.dataSource(), FunctionConfig.dbPoolSize());
        heart = new HeartFunction(
                new HeartApi(database, new LiveView(FirestoreClients.create()), HeartApi.publisherFromConfig()), null);
        FakeHttp.Response r = call(
                "POST",
                "/v1/agents",
                Map.of("Content-Type", "application/json"),
                "{\"id\":\"fuzz-agent\",\"name\":\"Fuzz\"}".getBytes(StandardCharsets.UTF_8));
        if (r.status == 201) {
            key = JsonReader.parseObject(r.text()).string("apiKey");
        }
        assertThat(key).as("the fuzz agent is registered").isNotNull();
        // the "nothing published" check below can fail: an accepted message is one more on the subscription
        int before = published();
        FakeHttp.Response accepted = call(
                "POST",
                "/v1/messages",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key),
                "{\"type\":\"blessing\",\"text\":\"the fuzz run begins\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status).as(accepted.text()).isEqualTo(202);
        assertThat(published()).as("heart's publish is counted").isEqualTo(before + 1);
    }

    @AfterAll
    static void restoreMemoryPush() {
        if (memoryPush != null) {
            cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, memoryPush);
        }
    }

    /**
     * Jazzer's network policy is one global, opened per input (loopback only) and closed between inputs: a
     * connection a background thread opens in that gap is reported as an SSRF. HikariCP opens its connections
     * on its own adder thread as the pool grows, so the pool is grown to its size here, before fuzzing (its
     * idle timeout, 10 min, is far longer than the run).
     */
    static void fillThePool(javax.sql.DataSource pool, int size) throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                held.add(pool.getConnection());
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    static FakeHttp.Response call(String method, String target, Map<String, String> headers, byte[] body)
            throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        heart.service(new FakeHttp.Request(method, target, headers, body), response);
        return response;
    }

    /** Heart's own tables: any change from a refused request is a write it must not make. */
    static String writes() throws Exception {
        try (Connection c = cloud.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM agents) || '/' "
                        + "|| (SELECT coalesce(md5(string_agg(encode(key_hash, 'hex'), ',' ORDER BY id)), '') FROM agents)"
                        + " || '/' || (SELECT count(*) FROM idempotency_keys) || '/' || (SELECT count(*) FROM api_key_rotations)"
                        + " || '/' || (SELECT count(*) FROM edge_nonces)")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * What heart has published, as the emulator holds it: sacred-events' messages waiting on memory's
     * subscription, which nothing pulls or is pushed to here (a count in memory; a Pub/Sub pull per input would cost most of
     * the run).
     */
    static int published() {
        return cloud.backlog().get(Topology.MEMORY_SUBSCRIPTION);
    }

    static String value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> "test-home";
            case 1 -> "blessing";
            case 2 -> data.consumeString(12);
            default -> data.consumeString(40);
        };
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static byte[] body(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 3);
        if (kind == 0) {
            return data.consumeBytes(300);
        }
        if (kind == 1) {
            return new byte[0];
        }
        StringBuilder json = new StringBuilder("{");
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(data.pickValue(FIELDS)).append("\":");
            json.append(data.consumeBoolean() ? jsonString(value(data)) : data.consumeInt(-5, 5));
        }
        json.append(kind == 2 ? "}" : data.consumeString(5));
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    @FuzzTest(maxDuration = "20s")
    void heartAnswersEveryRequestWithJsonAndNeverA5xx(FuzzedDataProvider data) throws Exception {
        // heart talks to the local cloud: loopback only (Jazzer's SSRF detector stays on for anything else)
        try (var loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"))) {
            fuzzOne(data);
        }
    }

    void fuzzOne(FuzzedDataProvider data) throws Exception {
        String method = data.pickValue(METHODS);
        String target = data.pickValue(ROUTES);
        if (data.consumeBoolean()) {
            target += data.consumeBoolean()
                    ? "?" + data.consumeString(30)
                    : "?limit=" + data.consumeInt(-2, 200) + "&cursor=" + data.consumeString(20);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", data.pickValue(CONTENT_TYPES));
        switch (data.consumeInt(0, 2)) {
            case 0 -> headers.put("Authorization", "Bearer " + key);
            case 1 -> headers.put("Authorization", data.consumeString(30));
            default -> {}
        }
        if (data.consumeBoolean()) {
            headers.put("Idempotency-Key", data.consumeString(40));
        }
        byte[] body = body(data);
        if (method.equals("POST") && target.contains("/keys")) {
            method = "PUT"; // rotating the fuzz agent's key away would stop the rest of the run authenticating
        }
        int publishedBefore = published();
        String before = writes();
        FakeHttp.Response response = call(method, target, headers, body);

        assertThat(response.status)
                .as("%s %s → %s", method, target, response.text())
                .isLessThan(500);
        JsonObject json = JsonReader.parseObject(response.text());
        if (response.status >= 400) {
            JsonObject error = json.object("error");
            assertThat(error.string("code")).isNotBlank();
            assertThat(error.string("message")).isNotNull();
            if (response.status != 409) { // 409 agent_exists is stored as the key's answer
                assertThat(writes())
                        .as("no write for %s %s → %s", method, target, response.text())
                        .isEqualTo(before);
                assertThat(published())
                        .as("nothing published for a refused request")
                        .isEqualTo(publishedBefore);
            }
        }
    }
}

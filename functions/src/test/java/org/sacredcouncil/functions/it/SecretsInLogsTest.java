package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * No secret in heart's logs: a heart in its own JVM (so every line it and its libraries print is caught:
 * structured logs, JUL, stderr), driven through registration, signed and forged writes, key rotation and a
 * failing dependency; then its whole output is searched for EDGE_SECRET, the API keys and the database
 * password.
 */
@ExtendWith(LocalCloudExtension.class)
class SecretsInLogsTest {

    @Test
    void heartLogsNeitherKeysNorEdgeSecretNorDatabasePassword(LocalCloud cloud) throws Exception {
        String edgeSecret = "edge-secret-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>(FunctionStack.environmentOf(cloud));
        env.put("EDGE_SECRET", edgeSecret);
        String dbPassword = env.get("DATABASE_PASSWORD");
        int port = FunctionStack.freePort();
        Path log = Files.createTempFile("heart-log", ".txt");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "com.google.cloud.functions.invoker.runner.Invoker",
                "--target",
                FunctionStack.HEART,
                "--port",
                Integer.toString(port));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process heart = pb.start();
        String apiKey;
        String rotated;
        try {
            SignedHeartClient client = new SignedHeartClient(port, edgeSecret);
            client.awaitUp();
            HttpResponse<String> reg = client.send("POST", "/v1/agents", "{\"name\":\"Quiet\"}", null);
            assertThat(reg.statusCode()).as(reg.body()).isEqualTo(201);
            apiKey = JsonReader.parseObject(reg.body()).string("apiKey");
            String id = JsonReader.parseObject(reg.body()).object("agent").string("id");
            assertThat(client.send(
                                    "POST",
                                    "/v1/messages",
                                    "{\"type\":\"blessing\",\"text\":\"" + apiKey + "\"}",
                                    "Bearer " + apiKey)
                            .statusCode())
                    .isEqualTo(202);
            assertThat(client.send("GET", "/v1/messages?cursor=" + apiKey, null, "Bearer " + apiKey)
                            .statusCode())
                    .isEqualTo(400);
            assertThat(client.send("POST", "/v1/presence", null, "Bearer " + apiKey + "x")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(client.sendUnsigned("POST", "/v1/presence", "Bearer " + apiKey)
                            .statusCode())
                    .isEqualTo(401);
            HttpResponse<String> rotation = client.send("POST", "/v1/agents/" + id + "/keys", null, "Bearer " + apiKey);
            assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(201);
            rotated = JsonReader.parseObject(rotation.body()).string("apiKey");
            assertThat(client.send("POST", "/v1/presence", null, "Bearer " + apiKey)
                            .statusCode())
                    .isEqualTo(401);
        } finally {
            heart.destroy();
            heart.waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(output).as("heart logged its requests").contains("POST /v1/agents 201");
        assertThat(output)
                .doesNotContain(edgeSecret)
                .doesNotContain(apiKey)
                .doesNotContain(rotated)
                .doesNotContain(apiKey.substring(4, 20))
                .doesNotContain(rotated.substring(4, 20));
        if (dbPassword != null && !dbPassword.isEmpty()) {
            // the embedded PostgreSQL's password is "postgres", which "jdbc:postgresql" contains: look for it
            // where a leak would put it
            assertThat(output)
                    .doesNotContain("password=" + dbPassword)
                    .doesNotContain("\"" + dbPassword + "\"")
                    .doesNotContain(":" + dbPassword + "@")
                    .doesNotContain("password: " + dbPassword);
            if (dbPassword.length() >= 12) {
                assertThat(output).doesNotContain(dbPassword);
            }
        }
    }

    /** Signs as the edge does for a heart on another port and secret than {@link SignedHeart}'s. */
    static final class SignedHeartClient {
        final int port;
        final String secret;
        final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        SignedHeartClient(int port, String secret) {
            this.port = port;
            this.secret = secret;
        }

        void awaitUp() throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < end) {
                try {
                    if (http.send(
                                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                            "http://127.0.0.1:" + port + "/v1/healthz"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (java.io.IOException notYet) {
                    // starting
                }
                Thread.sleep(100);
            }
            throw new AssertionError("heart did not start");
        }

        HttpResponse<String> send(String method, String target, String body, String authorization) throws Exception {
            long t = System.currentTimeMillis() / 1000;
            String nonce = SignedHeart.nonce();
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String v2 = SignedHeart.v2(
                    secret, t, nonce, method, "127.0.0.1:" + port, target, bytes, authorization, "", "", "", "");
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + target))
                    .method(
                            method,
                            body == null
                                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("X-Edge-Signature", "t=" + t + ",n=" + nonce + ",v2=" + v2);
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> sendUnsigned(String method, String target, String authorization) throws Exception {
            return http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + target))
                            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", authorization)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * heart's {@code /v1/healthz} checks its own dependencies (docs/observability.md#origin-health): a heart with
 * its own PostgreSQL answers 200, names {@code postgresql} with a 503 once that database stops, and 200 again
 * after it restarts; a heart whose Pub/Sub endpoint is unreachable names {@code pubsub}; a probe inside the
 * cache window gets the same report, not a new check.
 */
@ExtendWith(LocalCloudExtension.class)
class HealthzTest {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void namesTheDatabaseWhileItIsDownAndRecoversAfterItsRestart(LocalCloud cloud) throws Exception {
        Path dir = Files.createTempDirectory("healthz-pg");
        int pgPort = FunctionStack.freePort();
        EmbeddedPostgres pg = PostgresRestartTest.startPostgres(pgPort, dir);
        int heart = heartWith(cloud, Map.of("DATABASE_URL", pg.getJdbcUrl("postgres", "postgres")));
        try {
            HttpResponse<String> healthy = healthz(heart);
            assertThat(healthy.statusCode()).as(healthy.body()).isEqualTo(200);
            JsonObject body = JsonReader.parseObject(healthy.body());
            assertThat(body.string("status")).isEqualTo("ok");
            assertThat(body.object("checks").string("postgresql")).isEqualTo("ok");
            assertThat(body.object("checks").string("pubsub")).isEqualTo("ok");
            assertThat(JsonReader.parseObject(healthz(heart).body()).string("checkedAt"))
                    .as("a probe within the cache window reuses the report")
                    .isEqualTo(body.string("checkedAt"));

            pg.close();
            HttpResponse<String>[] last = new HttpResponse[1];
            FunctionStack.await("healthz to name postgresql", Duration.ofSeconds(15), () -> {
                last[0] = healthzQuietly(heart);
                return last[0] != null && last[0].statusCode() == 503;
            });
            JsonObject down = JsonReader.parseObject(last[0].body());
            assertThat(down.string("status")).isEqualTo("unavailable");
            assertThat(down.object("checks").string("postgresql")).isNotEqualTo("ok");
            assertThat(down.object("checks").string("pubsub")).isEqualTo("ok");
            assertThat(down.object("error").string("code")).isEqualTo("unhealthy");
            assertThat(down.object("error").string("message")).startsWith("postgresql: ");

            pg = PostgresRestartTest.startPostgres(pgPort, dir);
            FunctionStack.await("healthz to recover", Duration.ofSeconds(30), () -> {
                HttpResponse<String> r = healthzQuietly(heart);
                return r != null && r.statusCode() == 200;
            });
        } finally {
            pg.close();
        }
    }

    @Test
    void namesPubSubWhenItsEndpointIsUnreachable(LocalCloud cloud) throws Exception {
        int nothingListens = FunctionStack.freePort();
        int heart = heartWith(cloud, Map.of("PUBSUB_EMULATOR_HOST", "127.0.0.1:" + nothingListens));
        HttpResponse<String> r = healthz(heart);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        JsonObject body = JsonReader.parseObject(r.body());
        assertThat(body.object("checks").string("pubsub")).isNotEqualTo("ok");
        assertThat(body.object("checks").string("postgresql")).isEqualTo("ok");
        assertThat(body.object("error").string("message")).startsWith("pubsub: ");
    }

    /** A heart of its own, with these settings over the local cloud's (config is read when it is created). */
    private static int heartWith(LocalCloud cloud, Map<String, String> settings) throws Exception {
        FunctionStack.on(cloud);
        Map<String, String> restore = new HashMap<>(FunctionStack.environmentOf(cloud));
        Map<String, String> env = new HashMap<>(restore);
        if (settings.containsKey("DATABASE_URL")) {
            env.put("DATABASE_USER", "postgres");
            env.put("DATABASE_PASSWORD", "postgres");
        }
        env.putAll(settings);
        FunctionConfig.override(env);
        try {
            return FunctionStack.start(FunctionStack.HEART);
        } finally {
            FunctionConfig.override(restore);
        }
    }

    private HttpResponse<String> healthz(int port) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/healthz"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> healthzQuietly(int port) {
        try {
            return healthz(port);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * A stream of events through real push subscriptions into memory and wisdom while their PostgreSQL is
 * stopped and started again (same port, same data directory): every event ends up recorded exactly once
 * with one glyph answer each, none is parked.
 */
@ExtendWith(LocalCloudExtension.class)
class PostgresRestartTest {

    static EmbeddedPostgres startPostgres(int port, Path dir) throws Exception {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .start();
    }

    @Test
    void nothingLostNothingDoubledAcrossADatabaseRestart(LocalCloud cloud) throws Exception {
        Path dir = Files.createTempDirectory("restart-pg");
        int pgPort = FunctionStack.freePort();
        EmbeddedPostgres pg = startPostgres(pgPort, dir);
        String url = pg.getJdbcUrl("postgres", "postgres");
        FunctionStack.on(cloud);
        Map<String, String> extra = new HashMap<>();
        extra.put("DATABASE_URL", url);
        extra.put("DATABASE_USER", "postgres");
        extra.put("DATABASE_PASSWORD", "postgres");
        Map<String, String> restore = new HashMap<>(FunctionStack.environmentOf(cloud));
        FunctionConfig.override(extra);
        int memoryPort;
        int wisdomPort;
        try {
            memoryPort = FunctionStack.start(FunctionStack.MEMORY);
            wisdomPort = FunctionStack.start(FunctionStack.WISDOM);
        } finally {
            FunctionConfig.override(restore);
        }
        String topic = "restart-events-" + UUID.randomUUID().toString().substring(0, 8);
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), topic));
        cloud.createPushSubscription(topic + "-memory", topic, "http://127.0.0.1:" + memoryPort + "/");
        cloud.createPushSubscription(topic + "-wisdom", topic, "http://127.0.0.1:" + wisdomPort + "/");

        int total = 60;
        List<String> ids = new ArrayList<>();
        Publisher publisher = cloud.publisher(topic);
        try {
            for (int i = 0; i < total; i++) {
                if (i == 20) {
                    pg.close(); // stopped mid-stream: memory now fails transiently and Pub/Sub redelivers
                }
                if (i == 40) {
                    // longer than the pool's 5 s connection timeout: deliveries fail and are redelivered
                    Thread.sleep(7000);
                    pg = startPostgres(pgPort, dir);
                }
                MessageSent event = PipelineTest.messageEvent("restart-region", i, System.currentTimeMillis());
                ids.add(event.id());
                publisher
                        .publish(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFrom(
                                        EventCodec.toCloudEventJson(event, "//test"), StandardCharsets.UTF_8))
                                .build())
                        .get();
                Thread.sleep(50);
            }
        } finally {
            publisher.shutdown();
        }
        EmbeddedPostgres running = pg;
        try {
            FunctionStack.await("all " + total + " events in PostgreSQL", Duration.ofSeconds(90), () -> {
                try {
                    return count(running, "SELECT count(*) FROM events WHERE region = 'restart-region'") == total;
                } catch (Exception e) {
                    return false;
                }
            });
            FunctionStack.await("glyphs for all " + total + " messages", Duration.ofSeconds(90), () -> {
                try {
                    return count(running, "SELECT count(*) FROM message_glyphs") == total;
                } catch (Exception e) {
                    return false;
                }
            });
            Thread.sleep(1000); // late redeliveries, if any, would show up as extra rows now
            assertThat(count(running, "SELECT count(*) FROM events WHERE region = 'restart-region'"))
                    .isEqualTo(total);
            assertThat(count(running, "SELECT count(DISTINCT event_id) FROM events WHERE region = 'restart-region'"))
                    .isEqualTo(total);
            assertThat(count(running, "SELECT count(*) FROM messages WHERE region = 'restart-region'"))
                    .isEqualTo(total);
            assertThat(count(running, "SELECT count(*) FROM message_glyphs"))
                    .as("wisdom: one answer each")
                    .isEqualTo(total);
            long parked = cloud.drainDeadLetters(0, Duration.ofMillis(500)).stream()
                    .filter(m -> m.getData().toStringUtf8().contains("restart-region"))
                    .count();
            assertThat(parked).isZero();
        } finally {
            running.close();
        }
    }

    static int count(EmbeddedPostgres pg, String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}

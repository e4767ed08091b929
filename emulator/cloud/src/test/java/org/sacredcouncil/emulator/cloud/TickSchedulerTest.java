package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler ticks on its period, like Cloud Scheduler with a Pub/Sub target. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TickSchedulerTest {

    @Test
    @SuppressWarnings("deprecation")
    void ticksArriveEveryPeriodAsCloudEvents() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder()
                .useEnvironment(false)
                .postgres(false)
                .firestore(false)
                .tickPeriod(Duration.ofMillis(300))
                .start()) {
            String sub = SubscriptionName.of(cloud.projectId(), Topology.COHERENCE_SUBSCRIPTION)
                    .toString();
            List<ReceivedMessage> ticks = new ArrayList<>();
            long start = System.nanoTime();
            while (ticks.size() < 3 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                ticks.addAll(cloud.subscriptionAdmin()
                        .pull(PullRequest.newBuilder()
                                .setSubscription(sub)
                                .setMaxMessages(10)
                                .setReturnImmediately(true)
                                .build())
                        .getReceivedMessagesList());
                Thread.sleep(50);
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
            assertThat(elapsedMillis)
                    .as("three ticks at 300 ms need at least ~600 ms")
                    .isGreaterThanOrEqualTo(500);
            JsonObject event = JsonParser.parseString(
                            ticks.get(0).getMessage().getData().toStringUtf8())
                    .getAsJsonObject();
            assertThat(event.get("specversion").getAsString()).isEqualTo("1.0");
            assertThat(event.get("type").getAsString()).isEqualTo("council.coherence.tick");
            assertThat(event.get("id").getAsString())
                    .isEqualTo(ticks.get(0).getMessage().getAttributesOrThrow("ce-id"));
            assertThat(Instant.parse(event.get("time").getAsString())).isBeforeOrEqualTo(Instant.now());
            assertThat(ticks.stream()
                            .map(t -> t.getMessage().getAttributesOrThrow("ce-id"))
                            .distinct())
                    .hasSize(ticks.size());
        }
    }
}

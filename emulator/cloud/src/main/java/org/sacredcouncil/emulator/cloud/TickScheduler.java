package org.sacredcouncil.emulator.cloud;

import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.emulator.pubsub.JsonLog;

/**
 * Cloud Scheduler with a Pub/Sub target, locally: publishes a tick to {@code coherence-ticks}
 * every period. The tick is a CloudEvent in structured mode (type {@value #TICK_TYPE}) whose
 * {@code ce-type}/{@code ce-id} are repeated as attributes, like every event of docs/architecture.md#events; a
 * consumer should treat any message on the topic as "recompute now".
 */
final class TickScheduler implements AutoCloseable {

    static final String TICK_TYPE = "council.coherence.tick";
    private static final JsonLog LOG = JsonLog.forComponent("scheduler");

    private final TopicAdminClient publisher;
    private final TopicName topic;
    private final String source;
    private final ScheduledExecutorService timer;

    TickScheduler(TopicAdminClient publisher, TopicName topic, String projectId, Duration period) {
        this.publisher = publisher;
        this.topic = topic;
        this.source = "//cloudscheduler.googleapis.com/projects/" + projectId + "/locations/local/jobs/coherence-tick";
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coherence-tick-scheduler");
            t.setDaemon(true);
            return t;
        });
        if (!period.isZero()) {
            timer.scheduleAtFixedRate(this::tickQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    String publishTick() {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        JsonObject event = new JsonObject();
        event.addProperty("specversion", "1.0");
        event.addProperty("id", id);
        event.addProperty("source", source);
        event.addProperty("type", TICK_TYPE);
        event.addProperty("time", now.toString());
        event.addProperty("datacontenttype", "application/json");
        JsonObject data = new JsonObject();
        data.addProperty("scheduledAt", now.toString());
        event.add("data", data);
        PubsubMessage message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8(event.toString()))
                .putAttributes("ce-type", TICK_TYPE)
                .putAttributes("ce-id", id)
                .build();
        return publisher.publish(topic, List.of(message)).getMessageIds(0);
    }

    private void tickQuietly() {
        try {
            String messageId = publishTick();
            LOG.debug("tick published", "topic", topic.toString(), "messageId", messageId);
        } catch (RuntimeException e) {
            LOG.warn("tick not published", "topic", topic.toString(), "error", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

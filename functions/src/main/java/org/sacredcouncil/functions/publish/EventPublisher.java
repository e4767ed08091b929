package org.sacredcouncil.functions.publish;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * Publishes council events as structured-mode CloudEvents (the Pub/Sub data), with {@code ce-type} and
 * {@code ce-id} as attributes too (docs/architecture.md#events), the current W3C trace context as
 * {@code traceparent}/{@code tracestate} attributes, and the agent id as ordering key.
 */
public final class EventPublisher {

    private static final long PUBLISH_TIMEOUT_SECONDS = 10;

    private final TopicPublishers publishers;
    private final String source;

    public EventPublisher(TopicPublishers publishers, String source) {
        this.publishers = publishers;
        this.source = source;
    }

    /** Publishes and waits for the server's ack; returns the Pub/Sub message id. */
    public String publish(String topic, CouncilEvent event) throws PublishFailedException {
        String json = EventCodec.toCloudEventJson(event, source);
        PubsubMessage.Builder message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .putAttributes("ce-type", event.type())
                .putAttributes("ce-id", event.id())
                .putAttributes("ce-specversion", EventCodec.SPEC_VERSION)
                .putAttributes("ce-source", source);
        // the trace goes on with the event (functions/README.md#telemetry): consumers continue it
        TraceContextCarrier.injectCurrent(message::putAttributes);
        String key = event.subject();
        if (key != null) {
            message.setOrderingKey(key);
        }
        return send(topic, message.build());
    }

    /** Publishes raw bytes with attributes (the dead-letter path keeps the original payload intact). */
    public String publishRaw(String topic, byte[] data, Map<String, String> attributes) throws PublishFailedException {
        return send(
                topic,
                PubsubMessage.newBuilder()
                        .setData(ByteString.copyFrom(data))
                        .putAllAttributes(attributes)
                        .build());
    }

    private String send(String topic, PubsubMessage message) throws PublishFailedException {
        Publisher publisher = publishers.forTopic(topic);
        ApiFuture<String> future = publisher.publish(message);
        try {
            return future.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            if (!message.getOrderingKey().isEmpty()) {
                // an ordered publisher pauses a key after a failure until told to resume
                publisher.resumePublish(message.getOrderingKey());
            }
            throw new PublishFailedException("publish to " + topic + " failed: " + e, e);
        }
    }
}

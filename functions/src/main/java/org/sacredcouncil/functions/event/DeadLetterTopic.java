package org.sacredcouncil.functions.event;

import java.util.LinkedHashMap;
import java.util.Map;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.telemetry.Telemetry;

/**
 * {@code sacred-events-dead}: a permanently bad event is parked there with the original bytes and the reason,
 * so the handler can ack it: retrying bad data only burns the retry budget (24 h on Cloud Functions). Each
 * subscription parks what it cannot use; the copy is tagged with the parking function's name.
 */
public final class DeadLetterTopic {

    private static final StructuredLog LOG = StructuredLog.of("dead-letters");
    private final EventPublisher publisher;
    private final String function;

    public DeadLetterTopic(EventPublisher publisher, String function) {
        this.publisher = publisher;
        this.function = function;
    }

    /** Parks; when the dead-letter topic is unreachable, throws {@link TransientFailure} so Pub/Sub retries. */
    public void park(Delivery delivery, String reason) {
        Map<String, String> attributes = new LinkedHashMap<>(delivery.attributes());
        attributes.put("sacred-dead-letter-reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        attributes.put("sacred-dead-letter-function", function);
        attributes.put("sacred-dead-letter-message-id", String.valueOf(delivery.messageId()));
        try {
            publisher.publishRaw(FunctionConfig.deadLetterTopic(), delivery.payload(), attributes);
        } catch (PublishFailedException e) {
            throw new TransientFailure("could not park a bad event", e);
        }
        Telemetry.of(function).metrics().deadLettered();
        LOG.warn(
                "event parked on the dead-letter topic",
                "function",
                function,
                "messageId",
                delivery.messageId(),
                "reason",
                reason);
    }
}

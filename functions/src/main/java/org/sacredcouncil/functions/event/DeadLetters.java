package org.sacredcouncil.functions.event;

import io.cloudevents.CloudEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * Parks a permanently bad event on {@code sacred-events-dead} with the original bytes and the reason, so
 * the handler can ack it: retrying bad data only burns the retry budget (24 h on Cloud Functions).
 */
public final class DeadLetters {

    private static final StructuredLog LOG = StructuredLog.of("dead-letters");
    private final EventPublisher publisher;
    private final String function;

    public DeadLetters(EventPublisher publisher, String function) {
        this.publisher = publisher;
        this.function = function;
    }

    /** @throws PublishFailedException when even the dead-letter topic is unreachable (then retry) */
    public void park(Delivery delivery, String reason) throws PublishFailedException {
        Map<String, String> attributes = new LinkedHashMap<>(delivery.attributes());
        attributes.put("sacred-dead-letter-reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        attributes.put("sacred-dead-letter-function", function);
        attributes.put("sacred-dead-letter-message-id", String.valueOf(delivery.messageId()));
        publisher.publishRaw(FunctionConfig.deadLetterTopic(), delivery.payload(), attributes);
        LOG.warn("event parked on the dead-letter topic", "function", function, "messageId", delivery.messageId(),
                "reason", reason);
    }

    /** A push delivery and the valid council event it carries. */
    public record Received(Delivery delivery, CouncilEvent event) {
    }

    /**
     * Decodes and validates the council event of a push delivery. An event that can never be processed is
     * parked and null is returned, so that the handler acks it.
     *
     * @throws TransientFailure when even the dead-letter topic is unreachable (then Pub/Sub retries)
     */
    public Received receive(Delivery delivery) {
        try {
            return new Received(delivery, EventValidation.requireValid(delivery.councilEvent()));
        } catch (EventFormatException e) {
            parkOrRetry(delivery, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // decoding and validation touch nothing outside this JVM: whatever they throw, they throw again
            parkOrRetry(delivery, "undecodable: " + e);
            return null;
        }
    }

    /** The delivery of a pushed message, or null after parking it when it cannot even be unwrapped. */
    public Delivery deliveryOrPark(CloudEvent cloudEvent) {
        try {
            return Delivery.of(cloudEvent);
        } catch (EventFormatException e) {
            parkOrRetry(Delivery.raw(cloudEvent), e.getMessage());
            return null;
        }
    }

    /** Parks; when the dead-letter topic is unreachable, throws {@link TransientFailure} so Pub/Sub retries. */
    public void parkOrRetry(Delivery delivery, String reason) {
        try {
            park(delivery, reason);
        } catch (PublishFailedException e) {
            throw new TransientFailure("could not park a bad event", e);
        }
    }
}

package org.sacredcouncil.functions.event;

import java.util.LinkedHashMap;
import java.util.Map;
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
}

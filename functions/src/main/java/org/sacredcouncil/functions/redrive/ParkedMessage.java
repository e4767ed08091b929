package org.sacredcouncil.functions.redrive;

import com.google.pubsub.v1.PubsubMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message on the dead-letter subscription and what is known of why it is there: parked by a handler
 * ({@code sacred-dead-letter-reason}, {@code -function}, {@code -message-id}: functions/README.md) or by a
 * subscription's dead-letter policy after its attempts ran out ({@code CloudPubSubDeadLetterSource*}).
 */
record ParkedMessage(String ackId, PubsubMessage message) {

    static final String REASON = "sacred-dead-letter-reason";
    static final String FUNCTION = "sacred-dead-letter-function";
    static final String SOURCE_SUBSCRIPTION = "CloudPubSubDeadLetterSourceSubscription";
    static final String SOURCE_DELIVERIES = "CloudPubSubDeadLetterSourceDeliveryCount";

    /**
     * The event's identity: its CloudEvent id (heart sets {@code ce-id} on every event), else a hash of the
     * bytes. memory and wisdom each park their own copy of a bad event; a redrive republishes it once.
     */
    String eventKey() {
        String id = message.getAttributesMap().get("ce-id");
        if (id != null && !id.isEmpty()) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(message.getData().toByteArray());
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String type() {
        return message.getAttributesMap().getOrDefault("ce-type", "?");
    }

    String parkedBy() {
        String function = message.getAttributesMap().get(FUNCTION);
        if (function != null) {
            return function;
        }
        String subscription = message.getAttributesMap().get(SOURCE_SUBSCRIPTION);
        return subscription == null ? "unknown" : "subscription " + subscription;
    }

    String reason() {
        Map<String, String> a = message.getAttributesMap();
        if (a.containsKey(REASON)) {
            return a.get(REASON);
        }
        if (a.containsKey(SOURCE_SUBSCRIPTION)) {
            return "delivery attempts ran out (" + a.getOrDefault(SOURCE_DELIVERIES, "?") + ") on "
                    + a.get(SOURCE_SUBSCRIPTION);
        }
        return "no reason recorded";
    }

    /**
     * A scheduler tick parked by coherence or by its subscription. It is dropped, not redriven: the field is
     * recomputed from the log on every tick, so the next tick has already made it up.
     */
    boolean isTick() {
        String function = message.getAttributesMap().get(FUNCTION);
        String subscription = message.getAttributesMap().getOrDefault(SOURCE_SUBSCRIPTION, "");
        return "coherence".equals(function) || subscription.startsWith("coherence-ticks");
    }

    /** The original attributes: what the handler or the dead-letter policy added is taken off again. */
    Map<String, String> originalAttributes() {
        Map<String, String> original = new LinkedHashMap<>();
        message.getAttributesMap().forEach((k, v) -> {
            if (!k.startsWith("sacred-dead-letter-") && !k.startsWith("CloudPubSubDeadLetterSource")) {
                original.put(k, v);
            }
        });
        return original;
    }

    String describe() {
        String data = message.getData().toString(StandardCharsets.UTF_8);
        return "event=" + eventKey() + " type=" + type() + " parked-by=" + parkedBy() + " reason=\""
                + reason().replace('"', '\'') + "\" bytes=" + data.length();
    }
}

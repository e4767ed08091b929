package org.sacredcouncil.emulator.pubsub.push;

import java.util.Locale;

/**
 * How a push subscription's HTTP request looks. The real API has no CloudEvents option: on Google
 * Cloud, Eventarc turns a push into a CloudEvent for gen2 functions. Here a push config attribute
 * {@value #ATTRIBUTE} selects it, so one subscription stands for the Eventarc trigger.
 */
public enum PushFormat {
    /** {@code {"message":{...},"subscription":"..."}}, as Pub/Sub's own push. */
    PUBSUB,
    /** The same JSON as data of a binary-mode CloudEvent ({@code ce-*} headers), as Eventarc delivers it. */
    CLOUD_EVENT;

    /** Push config attribute naming the format: {@code pubsub} (default) or {@code cloudevent}. */
    public static final String ATTRIBUTE = "x-emulator-push-format";

    public String attributeValue() {
        return this == PUBSUB ? "pubsub" : "cloudevent";
    }

    public static PushFormat fromAttribute(String value) {
        if (value == null || value.isEmpty()) {
            return PUBSUB;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "pubsub", "classic" -> PUBSUB;
            case "cloudevent", "cloudevents", "cloud_event" -> CLOUD_EVENT;
            default ->
                throw new IllegalArgumentException("Unknown push format \"" + value + "\": use pubsub or cloudevent");
        };
    }
}

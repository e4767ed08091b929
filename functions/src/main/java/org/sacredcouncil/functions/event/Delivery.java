package org.sacredcouncil.functions.event;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * One push delivery as a CloudEventsFunction receives it, unwrapped to the Pub/Sub message inside.
 *
 * <p>Eventarc (and the local emulator in CloudEvent mode) sends {@code google.cloud.pubsub.topic.v1
 * .messagePublished} whose data is the push JSON {@code {"message":{"data":base64,"attributes",...}}};
 * the message data is our structured-mode council CloudEvent. A council CloudEvent sent directly
 * ({@code ce-type: council.*}) is accepted too.
 */
public record Delivery(String deliveryId, String messageId, byte[] payload, Map<String, String> attributes,
                       String directType, String directTime) {

    public static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

    /** @throws EventFormatException when the envelope itself cannot be read (nothing to retry) */
    public static Delivery of(CloudEvent ce) {
        byte[] body = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        if (!PUBSUB_PUBLISHED.equals(ce.getType())) {
            return new Delivery(ce.getId(), ce.getId(), body, Map.of(), ce.getType(),
                    ce.getTime() == null ? null : ce.getTime().toInstant().toString());
        }
        try {
            JsonObject envelope = JsonReader.parseObject(new String(body, StandardCharsets.UTF_8));
            JsonObject message = envelope.object("message");
            byte[] data = Base64.getDecoder().decode(message.optString("data", ""));
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonObject attrs = message.optObject("attributes");
            if (attrs != null) {
                for (String name : attrs.names()) {
                    attributes.put(name, attrs.optString(name, ""));
                }
            }
            String messageId = message.optString("messageId", message.optString("message_id", ce.getId()));
            return new Delivery(ce.getId(), messageId, data, attributes, null, null);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("push envelope unreadable: " + e.getMessage(), e);
        }
    }

    /** The delivery's bytes as they came, for parking an envelope that could not be read. */
    public static Delivery raw(CloudEvent ce) {
        byte[] body = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        return new Delivery(ce.getId(), ce.getId(), body, Map.of("ce-type", String.valueOf(ce.getType())), null, null);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The council event carried. @throws EventFormatException when it can never be processed */
    public CouncilEvent councilEvent() {
        if (directType != null) {
            return EventCodec.fromData(directType, deliveryId, directTime, payloadText());
        }
        return EventCodec.fromCloudEventJson(payloadText());
    }
}

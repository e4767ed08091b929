package org.sacredcouncil.functions.event;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * One push delivery as a consumer receives it, unwrapped to the Pub/Sub message inside.
 *
 * <p>Eventarc (and the local emulator in CloudEvent mode) sends {@code google.cloud.pubsub.topic.v1
 * .messagePublished} whose data is the push JSON {@code {"message":{"data":base64,"attributes",...}}};
 * the message data ({@link #payload}) is our structured-mode council CloudEvent. A council CloudEvent sent
 * directly ({@code ce-type: council.*}, or in structured mode) is accepted too. {@link #carrier} says which,
 * and keeps what unwrapping already read, so that nothing is parsed twice.
 */
public record Delivery(
        String deliveryId,
        String messageId,
        byte[] payload,
        Map<String, String> attributes,
        Carrier carrier,
        int deliveryAttempt) {

    /** A delivery whose attempt is unknown (0): pushed directly, or by a subscription without a dead-letter policy. */
    public Delivery(
            String deliveryId, String messageId, byte[] payload, Map<String, String> attributes, Carrier carrier) {
        this(deliveryId, messageId, payload, attributes, carrier, 0);
    }

    public static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

    /** How the council event travels; null for a delivery that could not be unwrapped (parked as it came). */
    public sealed interface Carrier permits InMessage, Binary, Structured {}

    /** In a Pub/Sub message: {@link #payload} is a structured-mode council CloudEvent, not yet parsed. */
    public record InMessage() implements Carrier {}

    /** Pushed directly in binary mode: type and time from the envelope, {@link #payload} is the data. */
    public record Binary(String type, String time) implements Carrier {}

    /** Pushed directly in structured mode: {@link #payload} as it came, and its envelope, already parsed. */
    public record Structured(JsonObject envelope) implements Carrier {}

    /** @throws EventFormatException when the envelope itself cannot be read (nothing to retry) */
    public static Delivery of(CloudEvent ce) {
        byte[] body = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        if (!PUBSUB_PUBLISHED.equals(ce.getType())) {
            return new Delivery(
                    ce.getId(),
                    ce.getId(),
                    body,
                    Map.of(),
                    new Binary(
                            ce.getType(),
                            ce.getTime() == null
                                    ? null
                                    : ce.getTime().toInstant().toString()));
        }
        return fromEnvelope(ce.getId(), parseObject(body, "push envelope"));
    }

    /**
     * The delivery of a push request as it reached an {@code HttpFunction}: a binary-mode CloudEvent
     * ({@code ce-*} headers, what Eventarc and the local Pub/Sub send), a structured-mode one
     * ({@code application/cloudevents+json}), or Pub/Sub's classic push JSON without {@code ce-*} headers.
     *
     * @param header case-insensitive header lookup (null when absent)
     * @throws EventFormatException when the request carries no readable event (nothing to retry)
     */
    public static Delivery fromHttp(UnaryOperator<String> header, byte[] body) {
        String type = header.apply("ce-type");
        if (type != null) {
            String id = header.apply("ce-id");
            if (id == null || id.isBlank()) {
                throw new EventFormatException("binary-mode CloudEvent without ce-id");
            }
            if (!PUBSUB_PUBLISHED.equals(type)) {
                return new Delivery(id, id, body, Map.of(), new Binary(type, header.apply("ce-time")));
            }
            return fromEnvelope(id, parseObject(body, "push envelope"));
        }
        String contentType = header.apply("content-type");
        JsonObject json = parseObject(body, "push body");
        if (contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents+json")) {
            String ceType = json.optString("type", null);
            String id = json.optString("id", null);
            if (ceType == null || id == null) {
                throw new EventFormatException("structured CloudEvent without type or id");
            }
            if (PUBSUB_PUBLISHED.equals(ceType)) {
                return fromEnvelope(id, json.object("data"));
            }
            return new Delivery(id, id, body, Map.of(), new Structured(json));
        }
        if (json.has("message")) {
            return fromEnvelope(null, json);
        }
        throw new EventFormatException("push body is neither a CloudEvent nor a Pub/Sub push envelope");
    }

    private static JsonObject parseObject(byte[] body, String what) {
        try {
            return JsonReader.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new EventFormatException(what + " unreadable: " + e.getMessage(), e);
        }
    }

    /** {@code {"message":{"data":base64,"attributes",...},"subscription"}}; deliveryId null: the message id. */
    private static Delivery fromEnvelope(String deliveryId, JsonObject envelope) {
        try {
            JsonObject message = envelope.object("message");
            byte[] data = Base64.getDecoder().decode(message.optString("data", ""));
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonObject attrs = message.optObject("attributes");
            if (attrs != null) {
                for (String name : attrs.names()) {
                    attributes.put(name, attrs.optString(name, ""));
                }
            }
            String messageId = message.optString("messageId", message.optString("message_id", deliveryId));
            if (messageId == null) {
                throw new EventFormatException("push envelope without a message id");
            }
            // Pub/Sub's count, in the push JSON when the subscription has a dead-letter policy
            int attempt = deliveryAttemptOf(envelope);
            return new Delivery(
                    deliveryId == null ? messageId : deliveryId, messageId, data, attributes, new InMessage(), attempt);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("push envelope unreadable: " + e.getMessage(), e);
        }
    }

    /** 0 when absent or not a positive integer: a count we only observe never makes an event unreadable. */
    private static int deliveryAttemptOf(JsonObject envelope) {
        try {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, envelope.optInteger("deliveryAttempt", 0)));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** The delivery's bytes as they came, for parking an envelope that could not be read. */
    public static Delivery raw(CloudEvent ce) {
        byte[] body = ce.getData() == null ? new byte[0] : ce.getData().toBytes();
        return new Delivery(ce.getId(), ce.getId(), body, Map.of("ce-type", String.valueOf(ce.getType())), null);
    }

    /** The request's bytes as they came, for parking a push request that could not be read. */
    public static Delivery raw(UnaryOperator<String> header, byte[] body) {
        String id = header.apply("ce-id");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ce-type", String.valueOf(header.apply("ce-type")));
        return new Delivery(id, id, body, attributes, null);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The council event carried, decoded by core's codec (the one that wrote it) from what unwrapping left:
     * each byte is parsed once.
     *
     * @throws EventFormatException when it can never be processed
     */
    public CouncilEvent councilEvent() {
        if (carrier instanceof Binary b) {
            return EventCodec.fromData(b.type(), deliveryId, b.time(), payloadText());
        }
        if (carrier instanceof Structured s) {
            return EventCodec.fromCloudEvent(s.envelope());
        }
        if (carrier instanceof InMessage) {
            return EventCodec.fromCloudEventJson(payloadText());
        }
        throw new EventFormatException("an unreadable delivery carries no event");
    }

    /** The event as the log keeps it, structured-mode JSON: as it came, or a binary-mode event re-encoded. */
    public String cloudEventJson(CouncilEvent event) {
        return carrier instanceof Binary
                ? EventCodec.toCloudEventJson(event, "//sacred-council/direct")
                : payloadText();
    }
}

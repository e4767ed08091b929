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
 * directly ({@code ce-type: council.*}, or structured mode) is accepted too: then {@link #direct} holds its
 * envelope fields and data, already read, and {@link #payload} the bytes as they came (for parking).
 */
public record Delivery(String deliveryId, String messageId, byte[] payload, Map<String, String> attributes,
                       Direct direct) {

    public static final String PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

    /** A council event that came as a CloudEvent of its own: its type, time and data. */
    public record Direct(String type, String time, byte[] data) {
    }

    /** @throws EventFormatException when the envelope itself cannot be read (nothing to retry) */
    public static Delivery of(CloudEvent ce) {
        byte[] body = CloudEventJson.data(ce);
        if (!PUBSUB_PUBLISHED.equals(ce.getType())) {
            return new Delivery(ce.getId(), ce.getId(), body, Map.of(),
                    new Direct(ce.getType(), CloudEventJson.time(ce), body));
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
                return new Delivery(id, id, body, Map.of(), new Direct(type, header.apply("ce-time"), body));
            }
            return fromEnvelope(id, parseObject(body, "push envelope"));
        }
        String contentType = header.apply("content-type");
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents+json")) {
            CloudEvent ce = CloudEventJson.read(body, "structured CloudEvent");
            if (PUBSUB_PUBLISHED.equals(ce.getType())) {
                return fromEnvelope(ce.getId(), parseObject(CloudEventJson.data(ce), "push envelope"));
            }
            return new Delivery(ce.getId(), ce.getId(), body, Map.of(),
                    new Direct(ce.getType(), CloudEventJson.time(ce), CloudEventJson.data(ce)));
        }
        JsonObject json = parseObject(body, "push body");
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
            return new Delivery(deliveryId == null ? messageId : deliveryId, messageId, data, attributes, null);
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("push envelope unreadable: " + e.getMessage(), e);
        }
    }

    /** The delivery's bytes as they came, for parking an envelope that could not be read. */
    public static Delivery raw(CloudEvent ce) {
        return new Delivery(ce.getId(), ce.getId(), CloudEventJson.data(ce),
                Map.of("ce-type", String.valueOf(ce.getType())), null);
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
     * The council event carried, read once: a direct event from its already-read envelope, a Pub/Sub message's
     * structured CloudEvent by {@link CloudEventJson}; the data by core's codec.
     *
     * @throws EventFormatException when it can never be processed
     */
    public CouncilEvent councilEvent() {
        if (direct != null) {
            return EventCodec.fromData(direct.type(), deliveryId, direct.time(),
                    new String(direct.data(), StandardCharsets.UTF_8));
        }
        CloudEvent ce = CloudEventJson.read(payload, "event");
        return EventCodec.fromData(ce.getType(), ce.getId(), CloudEventJson.time(ce), CloudEventJson.dataText(ce));
    }
}

package org.sacredcouncil.emulator.pubsub.push;

import com.google.gson.JsonObject;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the HTTP request of one push delivery, in the format of the subscription. */
final class PushRequests {

    static final String CE_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";

    private PushRequests() {}

    /** The push JSON envelope, with both spellings of id and time as Pub/Sub and Eventarc send them. */
    static JsonObject envelope(ReceivedMessage received, String subscription, boolean withDeliveryAttempt) {
        PubsubMessage message = received.getMessage();
        JsonObject json = new JsonObject();
        JsonObject msg = new JsonObject();
        if (message.getAttributesCount() > 0) {
            JsonObject attributes = new JsonObject();
            message.getAttributesMap().forEach(attributes::addProperty);
            msg.add("attributes", attributes);
        }
        if (!message.getData().isEmpty()) {
            msg.addProperty(
                    "data", Base64.getEncoder().encodeToString(message.getData().toByteArray()));
        }
        msg.addProperty("messageId", message.getMessageId());
        msg.addProperty("message_id", message.getMessageId());
        String publishTime = Timestamps.toString(message.getPublishTime());
        msg.addProperty("publishTime", publishTime);
        msg.addProperty("publish_time", publishTime);
        if (!message.getOrderingKey().isEmpty()) {
            msg.addProperty("orderingKey", message.getOrderingKey());
        }
        json.add("message", msg);
        json.addProperty("subscription", subscription);
        if (withDeliveryAttempt) {
            json.addProperty("deliveryAttempt", received.getDeliveryAttempt());
        }
        return json;
    }

    /** One push request: headers and body, independent of the HTTP client that sends it. */
    record PushRequest(Map<String, String> headers, byte[] body) {}

    static PushRequest build(
            PushFormat format,
            boolean unwrapped,
            boolean writeMetadata,
            ReceivedMessage received,
            String subscription,
            String topic,
            boolean withDeliveryAttempt,
            String authorization) {
        PubsubMessage message = received.getMessage();
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null && !authorization.isEmpty()) {
            headers.put("Authorization", authorization);
        }
        if (unwrapped) {
            headers.put("Content-Type", "application/octet-stream");
            if (writeMetadata) {
                headers.put("x-goog-pubsub-subscription-name", subscription);
                headers.put("x-goog-pubsub-message-id", message.getMessageId());
                headers.put("x-goog-pubsub-publish-time", Timestamps.toString(message.getPublishTime()));
                headers.putAll(message.getAttributesMap());
            }
            return new PushRequest(headers, message.getData().toByteArray());
        }
        String body = envelope(received, subscription, withDeliveryAttempt).toString();
        headers.put("Content-Type", "application/json");
        if (format == PushFormat.CLOUD_EVENT) {
            headers.put("ce-id", message.getMessageId());
            headers.put("ce-source", "//pubsub.googleapis.com/" + topic);
            headers.put("ce-type", CE_TYPE);
            headers.put("ce-specversion", "1.0");
            headers.put("ce-time", Timestamps.toString(message.getPublishTime()));
        }
        return new PushRequest(headers, body.getBytes(StandardCharsets.UTF_8));
    }
}

package org.sacredcouncil.emulator.cloud;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The delivery policy of the function subscriptions (memory, wisdom, coherence): retry backoff, delivery
 * attempts before dead-lettering, ack deadline (the push request's deadline) and retention (the retry
 * window). One source of truth, {@code terraform/delivery-policy.json}: Terraform deploys it and Maven
 * copies the same file into this jar ({@value #RESOURCE}), so the local cloud delivers as production does
 * (docs/contracts.md#delivery-policy).
 */
public record DeliveryPolicy(
        Duration minimumBackoff,
        Duration maximumBackoff,
        int maxDeliveryAttempts,
        int ackDeadlineSeconds,
        Duration messageRetention,
        Duration deadLetterRetention) {

    /** Where Maven puts {@code terraform/delivery-policy.json} in this jar. */
    public static final String RESOURCE = "/org/sacredcouncil/emulator/cloud/delivery-policy.json";

    /** Pub/Sub's own limits: a policy outside them would be refused by the real service too. */
    public DeliveryPolicy {
        if (minimumBackoff.isNegative()
                || maximumBackoff.compareTo(minimumBackoff) < 0
                || maximumBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 <= minimum <= maximum <= 600 s, got " + minimumBackoff + " and " + maximumBackoff);
        }
        if (maxDeliveryAttempts < 5 || maxDeliveryAttempts > 100) {
            throw new IllegalArgumentException("maxDeliveryAttempts must be 5-100, got " + maxDeliveryAttempts);
        }
        if (ackDeadlineSeconds < 10 || ackDeadlineSeconds > 600) {
            throw new IllegalArgumentException("ackDeadlineSeconds must be 10-600, got " + ackDeadlineSeconds);
        }
        if (messageRetention.compareTo(Duration.ofMinutes(10)) < 0
                || messageRetention.compareTo(Duration.ofDays(31)) > 0
                || deadLetterRetention.compareTo(Duration.ofMinutes(10)) < 0
                || deadLetterRetention.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("retention must be 10 min to 31 days");
        }
    }

    /** The deployed policy: {@code terraform/delivery-policy.json} as packaged in this jar. */
    public static DeliveryPolicy deployed() {
        try (InputStream in = DeliveryPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " is missing from the classpath: build emulator/cloud with Maven"
                                + " (it copies terraform/delivery-policy.json into the jar)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads the JSON of {@code terraform/delivery-policy.json}; every key is required. */
    public static DeliveryPolicy parse(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        return new DeliveryPolicy(
                Duration.ofSeconds(required(o, "minimumBackoffSeconds")),
                Duration.ofSeconds(required(o, "maximumBackoffSeconds")),
                (int) required(o, "maxDeliveryAttempts"),
                (int) required(o, "ackDeadlineSeconds"),
                Duration.ofSeconds(required(o, "messageRetentionSeconds")),
                Duration.ofSeconds(required(o, "deadLetterRetentionSeconds")));
    }

    private static long required(JsonObject o, String key) {
        if (!o.has(key)
                || !o.get(key).isJsonPrimitive()
                || !o.getAsJsonPrimitive(key).isNumber()) {
            throw new IllegalArgumentException("delivery policy: \"" + key + "\" (a number) is required");
        }
        return o.get(key).getAsLong();
    }

    /** The same policy with another retry backoff (for {@link LocalCloudBuilder#deliveryPolicyOverride}). */
    public DeliveryPolicy withBackoff(Duration min, Duration max) {
        return new DeliveryPolicy(
                min, max, maxDeliveryAttempts, ackDeadlineSeconds, messageRetention, deadLetterRetention);
    }

    public DeliveryPolicy withMaxDeliveryAttempts(int attempts) {
        return new DeliveryPolicy(
                minimumBackoff, maximumBackoff, attempts, ackDeadlineSeconds, messageRetention, deadLetterRetention);
    }

    public DeliveryPolicy withAckDeadlineSeconds(int seconds) {
        return new DeliveryPolicy(
                minimumBackoff, maximumBackoff, maxDeliveryAttempts, seconds, messageRetention, deadLetterRetention);
    }

    /**
     * Wall time from a message's first failed delivery to its last attempt, when every attempt fails at once:
     * what "the delivery window" is in attempts (the retention bounds it too).
     */
    public Duration retryWindow() {
        long total = 0;
        long backoff = minimumBackoff.toMillis();
        for (int attempt = 1; attempt < maxDeliveryAttempts; attempt++) {
            total += Math.min(backoff, maximumBackoff.toMillis());
            backoff = Math.min(backoff * 2, maximumBackoff.toMillis());
        }
        return Duration.ofMillis(Math.min(total, messageRetention.toMillis()));
    }

    @Override
    public String toString() {
        return "backoff " + minimumBackoff.toMillis() + "-" + maximumBackoff.toMillis() + " ms, dead letter after "
                + maxDeliveryAttempts + " attempts, ack deadline " + ackDeadlineSeconds + " s, retention "
                + messageRetention.toSeconds() + " s";
    }
}

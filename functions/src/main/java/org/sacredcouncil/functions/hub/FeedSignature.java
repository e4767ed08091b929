package org.sacredcouncil.functions.hub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The feed's signature (docs/live-field.md#feed): {@code v1=<lowercase hex HMAC-SHA256(secret,
 * "hub-feed-v1\n" + timestamp + "\n" + body)>}, the timestamp in unix millis sent as {@code X-Hub-Timestamp}.
 */
public final class FeedSignature {

    public static final String TIMESTAMP_HEADER = "X-Hub-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature";

    private FeedSignature() {}

    public static String sign(String secret, long timestampMillis, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest =
                    mac.doFinal(("hub-feed-v1\n" + timestampMillis + "\n" + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("v1=");
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

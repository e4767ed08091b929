package org.sacredcouncil.edge.hub;

/**
 * The feed's authentication (docs/live-field.md#feed): {@code X-Hub-Timestamp} (unix millis) and
 * {@code X-Hub-Signature: v1=<hex HMAC-SHA256(HUB_FEED_SECRET, "hub-feed-v1\n" + timestamp + "\n" + body)>},
 * within 300 s of the Worker's clock. The HMAC itself runs in WebCrypto; this is the rest.
 */
public final class FeedSignature {

    public static final String PREFIX = "v1=";

    private FeedSignature() {}

    /** Why the headers cannot be valid before any HMAC is computed, or null. */
    public static String problem(String secret, String timestamp, String signature, double nowMillis) {
        if (secret == null || secret.isEmpty()) {
            return "the feed is not configured on this edge (HUB_FEED_SECRET is not set)";
        }
        if (timestamp == null || signature == null) {
            return "X-Hub-Timestamp and X-Hub-Signature are required";
        }
        if (timestamp.isEmpty() || timestamp.length() > 15) {
            return "X-Hub-Timestamp must be unix millis";
        }
        for (int i = 0; i < timestamp.length(); i++) {
            if (timestamp.charAt(i) < '0' || timestamp.charAt(i) > '9') {
                return "X-Hub-Timestamp must be unix millis";
            }
        }
        if (Math.abs(nowMillis - Double.parseDouble(timestamp)) > HubRoutes.MAX_CLOCK_SKEW_MILLIS) {
            return "X-Hub-Timestamp is more than 300 s from the edge's clock";
        }
        if (!signature.startsWith(PREFIX) || signature.length() != PREFIX.length() + 64) {
            return "X-Hub-Signature must be v1=<64 hex digits>";
        }
        return null;
    }

    public static String signed(String timestamp, String body) {
        return "hub-feed-v1\n" + timestamp + "\n" + body;
    }

    /** Constant time in the length of the expected value: a mismatch position is not revealed. */
    public static boolean matches(String signature, String expectedHex) {
        String given = signature.substring(PREFIX.length());
        int difference = given.length() ^ expectedHex.length();
        for (int i = 0; i < expectedHex.length() && i < given.length(); i++) {
            difference |= given.charAt(i) ^ expectedHex.charAt(i);
        }
        return difference == 0;
    }
}

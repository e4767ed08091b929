package org.sacredcouncil.core.artifact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic ids of docs/artifacts.md#model: an artifact is (agent, bytes, message), so the same agent
 * adding the same bytes to the same message is one artifact, and its events have ids derived from it
 * (docs/artifacts.md#upload, #deleting): a retried or repeated add publishes the same event id, which memory
 * keeps once.
 *
 * <p>heart's only (it uses {@link MessageDigest}, which TeaVM does not have): the edge never builds an id, and
 * nothing the edge compiles refers to this class.
 */
public final class ArtifactId {

    public static final String PREFIX = "art_";
    public static final String RULE = "'art_' followed by 32 lowercase hex digits";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ArtifactId() {}

    /** {@code art_} + the first 32 hex of SHA-256(UTF-8 {@code agentId\nsha256\nmessageId-or-empty}). */
    public static String of(String agentId, String sha256, String messageId) {
        String input = agentId + "\n" + sha256 + "\n" + (messageId == null ? "" : messageId);
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return PREFIX + new String(out);
    }

    /** The id of the {@code council.artifact.added} event of an artifact: one per artifact, whoever retries. */
    public static String addedEventId(String artifactId) {
        return artifactId + ".added";
    }

    /** The id of the {@code council.artifact.removed} event of an artifact. */
    public static String removedEventId(String artifactId) {
        return artifactId + ".removed";
    }

    /** Whether {@code id} has the shape {@link #of} gives (checked before any lookup: no NUL reaches PostgreSQL). */
    public static boolean isWellFormed(String id) {
        return id != null
                && id.length() == PREFIX.length() + 32
                && id.startsWith(PREFIX)
                && ArtifactRules.isLowerHex(id, PREFIX.length());
    }
}

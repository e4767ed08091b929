package org.sacredcouncil.functions.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Apollo's {@code extensions.persistedQuery = {"version": 1, "sha256Hash"}} (docs/graphql.md#persisted), checked:
 * anything else under that name is {@code 400 invalid_persisted_query}.
 */
record PersistedQuery(String sha256) {

    /** The request's persisted-query extension, or null when it has none. */
    static PersistedQuery of(Map<String, Object> extensions) {
        if (extensions == null || !extensions.containsKey("persistedQuery")) {
            return null;
        }
        if (!(extensions.get("persistedQuery") instanceof Map<?, ?> pq)) {
            throw invalid("extensions.persistedQuery must be an object");
        }
        if (!(pq.get("version") instanceof Number v) || v.doubleValue() != 1) {
            throw invalid("extensions.persistedQuery.version must be 1");
        }
        if (!(pq.get("sha256Hash") instanceof String hash) || !hash.matches("[0-9a-f]{64}")) {
            throw invalid("extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits");
        }
        return new PersistedQuery(hash);
    }

    /** A document sent with its hash must be that hash's document. */
    void requireMatches(String document) {
        if (!sha256.equals(sha256Hex(document))) {
            throw invalid("sha256Hash is not the SHA-256 of the query");
        }
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GraphqlRefusal invalid(String message) {
        return GraphqlRefusal.of("invalid_persisted_query", "extensions.persistedQuery", message);
    }
}

package org.sacredcouncil.functions.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Agent API keys: 256 random bits shown once, stored as SHA-256. A slow KDF (bcrypt, scrypt) protects
 * low-entropy passwords against guessing; a 256-bit random key cannot be guessed, so one fast hash is as
 * safe and lets heart look the key up by its hash on every request at no cost.
 */
public final class ApiKeys {

    public static final String PREFIX = "sck_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From {@code Authorization: Bearer <key>}; null when absent or not a bearer credential. */
    public static String fromAuthorization(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = h.substring(7).trim();
        return key.isEmpty() ? null : key;
    }
}

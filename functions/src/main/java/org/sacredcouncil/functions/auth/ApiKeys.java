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

    private ApiKeys() {}

    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] newSalt() {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /**
     * The key a rotation gives: HMAC-SHA256 keyed with the old key over a random salt that PostgreSQL keeps
     * (api_key_rotations). Only the holder of the old key can recompute it, and only with the salt, so the
     * new key is never stored yet a retry of the rotation can be answered with the same key.
     */
    public static String derive(String oldKey, byte[] salt) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(oldKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(salt));
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
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

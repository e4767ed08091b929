package org.sacredcouncil.functions.edge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Edge-Signature: t=<unix-seconds>,v1=<hex>} exactly as edge-worker/README.md
 * ("Edge signature") defines it: HMAC-SHA256 with EDGE_SECRET over eight LF-joined lines
 * {@code v1, t, METHOD, path+query, X-Edge-Arrival, X-Field-Version, X-Field-Coherence, X-Request-Id},
 * at most 300 s of clock skew either way, compared in constant time.
 */
public final class EdgeSignature {

    public static final long MAX_SKEW_SECONDS = 300;

    /** The outcome, with the reason for a refusal (for the 401 message and logs). */
    public record Result(boolean valid, String reason) {
        static Result ok() {
            return new Result(true, null);
        }

        static Result refused(String reason) {
            return new Result(false, reason);
        }
    }

    private final byte[] secret;

    public EdgeSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static String canonical(String t, String method, String pathAndQuery, String arrival, String fieldVersion,
                                   String fieldCoherence, String requestId) {
        return String.join("\n", "v1", t, method, pathAndQuery, nz(arrival), nz(fieldVersion), nz(fieldCoherence),
                nz(requestId));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public String sign(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    public Result verify(String header, String method, String pathAndQuery, String arrival, String fieldVersion,
                         String fieldCoherence, String requestId, long nowSeconds) {
        if (header == null || header.isBlank()) {
            return Result.refused("missing X-Edge-Signature");
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Result.refused("malformed X-Edge-Signature");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                t = value;
            } else if (name.equals("v1")) {
                v1 = value;
            }
        }
        if (t == null || v1 == null || !t.matches("[0-9]{1,12}") || !v1.matches("[0-9a-f]{64}")) {
            return Result.refused("malformed X-Edge-Signature");
        }
        long signedAt = Long.parseLong(t);
        if (Math.abs(nowSeconds - signedAt) > MAX_SKEW_SECONDS) {
            return Result.refused("stale X-Edge-Signature");
        }
        String expected = sign(canonical(t, method, pathAndQuery, arrival, fieldVersion, fieldCoherence, requestId));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII))) {
            return Result.refused("wrong X-Edge-Signature");
        }
        return Result.ok();
    }
}

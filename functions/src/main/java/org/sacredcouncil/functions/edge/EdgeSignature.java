package org.sacredcouncil.functions.edge;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code X-Edge-Signature: t=<unix-seconds>,n=<nonce>,v2=<hex>} exactly as
 * docs/contracts.md#edge-signature defines it: HMAC-SHA256 with EDGE_SECRET over twelve LF-joined lines
 * {@code v2, t, n, METHOD, host, path+query, body-sha256, Authorization, X-Edge-Arrival, X-Field-Version,
 * X-Field-Coherence, X-Request-Id}, at most 60 s of clock skew either way, compared in constant time. The
 * nonce's single use (the replay guard for writes) is the caller's: {@code EdgeNonceStore}. v1 is refused.
 */
public final class EdgeSignature {

    public static final long MAX_SKEW_SECONDS = 60;
    /** SHA-256 of the empty body. */
    public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** The outcome: on success the nonce to claim, on refusal the reason (for the 401 message and logs). */
    public record Result(boolean valid, String reason, String nonce) {
        static Result ok(String nonce) {
            return new Result(true, null, nonce);
        }

        static Result refused(String reason) {
            return new Result(false, reason, null);
        }
    }

    private final byte[] secret;

    public EdgeSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static String canonical(String t, String nonce, SignedRequest r) {
        return String.join(
                "\n",
                "v2",
                t,
                nonce,
                r.method(),
                r.host(),
                r.pathAndQuery(),
                r.bodySha256Hex(),
                nz(r.authorization()),
                nz(r.arrival()),
                nz(r.fieldVersion()),
                nz(r.fieldCoherence()),
                nz(r.requestId()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sign(String canonical) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header value the edge would send for {@code request} signed at {@code t} with {@code nonce}. */
    public String header(long t, String nonce, SignedRequest request) {
        return "t=" + t + ",n=" + nonce + ",v2=" + sign(canonical(Long.toString(t), nonce, request));
    }

    public Result verify(String header, SignedRequest request, long nowSeconds) {
        if (header == null || header.isBlank()) {
            return Result.refused("missing X-Edge-Signature");
        }
        String t = null;
        String nonce = null;
        String v2 = null;
        boolean v1 = false;
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Result.refused("malformed X-Edge-Signature");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (name) {
                case "t" -> t = value;
                case "n" -> nonce = value;
                case "v2" -> v2 = value;
                case "v1" -> v1 = true;
                default -> {
                    // unknown parts are ignored: room for a future version beside this one
                }
            }
        }
        if (v2 == null && v1) {
            return Result.refused("v1 edge signatures are no longer accepted; sign with v2");
        }
        if (t == null || nonce == null || v2 == null || !isDecimal(t) || !isNonce(nonce) || !isHex64(v2)) {
            return Result.refused("malformed X-Edge-Signature");
        }
        long signedAt = Long.parseLong(t);
        if (Math.abs(nowSeconds - signedAt) > MAX_SKEW_SECONDS) {
            return Result.refused("stale X-Edge-Signature");
        }
        String expected = sign(canonical(t, nonce, request));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), v2.getBytes(StandardCharsets.US_ASCII))) {
            return Result.refused("wrong X-Edge-Signature");
        }
        return Result.ok(nonce);
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.length() > 12) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** 22 base64url characters: 16 random bytes without padding. */
    static boolean isNonce(String s) {
        if (s.length() != 22) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}

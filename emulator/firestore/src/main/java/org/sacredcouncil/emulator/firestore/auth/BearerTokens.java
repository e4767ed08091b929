package org.sacredcouncil.emulator.firestore.auth;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. {@code Bearer owner} (what the
 * official clients send to an emulator) is privileged; a JWT is read as a Firebase ID token without
 * checking its signature, as Google's emulator does (so unsigned {@code alg: none} test tokens work).
 */
public final class BearerTokens {
    private BearerTokens() {}

    public static Caller callerOf(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Caller.ANONYMOUS;
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new InvalidTokenException("Authorization header is not a Bearer token");
        }
        String token = value.substring(7).trim();
        if (token.equals("owner")) {
            return Caller.PRIVILEGED;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("Bearer token is neither 'owner' nor a JWT");
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(pad(parts[1])), StandardCharsets.UTF_8);
            Struct.Builder claims = Struct.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(json, claims);
            return Caller.endUser(claims.build());
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            throw new InvalidTokenException("Bearer token payload is not base64url JSON: " + e.getMessage());
        }
    }

    private static String pad(String s) {
        return s.replace("=", "");
    }

    /** The token cannot be read; surfaces as UNAUTHENTICATED. */
    public static final class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}

package org.sacredcouncil.functions.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * Who may push to memory, wisdom and coherence (docs/contracts.md#push-auth). With {@code PUSH_AUTH_TOKEN}
 * set (the local stack, a random value per run) a push must carry {@code Authorization: Bearer <token>}.
 * Unset, the function relies on the platform: on GCP it is not public (no {@code allUsers} invoker, internal
 * ingress) and Cloud Run's IAM check verifies Eventarc's OIDC token before the request reaches the container.
 */
public final class PushAuth {

    private final byte[] expected;

    private PushAuth(String token) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    public static PushAuth fromConfig() {
        return new PushAuth(FunctionConfig.pushAuthToken());
    }

    /** Whether a token is configured, i.e. this function checks pushes itself. */
    public boolean required() {
        return expected != null;
    }

    /** Constant-time comparison of the whole header value. */
    public boolean accepts(String authorizationHeader) {
        if (expected == null) {
            return true;
        }
        if (authorizationHeader == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, authorizationHeader.trim().getBytes(StandardCharsets.UTF_8));
    }
}

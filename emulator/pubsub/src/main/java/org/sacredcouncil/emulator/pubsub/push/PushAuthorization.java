package org.sacredcouncil.emulator.pubsub.push;

/**
 * The {@code Authorization} header a push subscription sends with every request. On Google Cloud a push
 * subscription (or Eventarc's) carries an OIDC token minted for its service account ({@code push_config
 * .oidc_token}), which an emulator cannot mint; here the push config attribute {@value #ATTRIBUTE} holds the
 * header value verbatim ({@code Bearer <token>}), so a local endpoint can check its caller the same way
 * (docs/contracts.md#push-auth).
 */
public final class PushAuthorization {

    /** Push config attribute: the exact {@code Authorization} header value of every push request. */
    public static final String ATTRIBUTE = "x-emulator-push-authorization";

    private PushAuthorization() {}

    /** The attribute value for a bearer token. */
    public static String bearer(String token) {
        if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a push token must be printable ASCII without spaces");
        }
        return "Bearer " + token;
    }
}

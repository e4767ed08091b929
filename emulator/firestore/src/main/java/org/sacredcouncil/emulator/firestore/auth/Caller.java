package org.sacredcouncil.emulator.firestore.auth;

import com.google.protobuf.Struct;

/**
 * Who sent a request: a privileged server credential (bypasses security rules, as with Google's
 * emulator and the Admin SDKs) or an end user with the claims of a Firebase ID token, or nobody.
 */
public record Caller(boolean privileged, Struct claims) {
    public static final Caller PRIVILEGED = new Caller(true, null);
    public static final Caller ANONYMOUS = new Caller(false, null);

    public static Caller endUser(Struct claims) {
        return new Caller(false, claims);
    }

    public boolean authenticated() {
        return claims != null;
    }

    /** The Firebase uid: {@code user_id} or {@code sub}, like the Firebase token verifier. */
    public String uid() {
        if (claims == null) {
            return null;
        }
        if (claims.containsFields("user_id")
                && claims.getFieldsOrThrow("user_id").hasStringValue()) {
            return claims.getFieldsOrThrow("user_id").getStringValue();
        }
        if (claims.containsFields("sub") && claims.getFieldsOrThrow("sub").hasStringValue()) {
            return claims.getFieldsOrThrow("sub").getStringValue();
        }
        return null;
    }
}

package org.sacredcouncil.functions.it;

import java.nio.charset.StandardCharsets;

/** The contract's test vector signed by the tests' own signer ({@link SignedHeart#v2}). */
public final class SignedHeartVector {

    private SignedHeartVector() {}

    public static String v2() {
        return SignedHeart.v2(
                "sacred-test-secret",
                1795723200L,
                "AAECAwQFBgcICQoLDA0ODw",
                "POST",
                "europe-west1-sacred.cloudfunctions.net",
                "/v1/messages?dry=1",
                "{\"type\":\"blessing\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8),
                "Bearer sc_test_key",
                "2026-11-26T20:00:00.250Z",
                "42",
                "0.87",
                "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
    }
}

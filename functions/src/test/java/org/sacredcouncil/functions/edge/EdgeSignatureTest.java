package org.sacredcouncil.functions.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The v2 test vector of docs/contracts.md#edge-signature-vector (the same one the edge's tests check). */
class EdgeSignatureTest {

    static final String SECRET = "sacred-test-secret";
    static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";
    static final String V2 = "f72e36883d918284032aa620fd87ede23580a2b0cd6fa459a04ecfa6b9441118";
    static final String HEADER = "t=1795723200,n=" + NONCE + ",v2=" + V2;
    static final long T = 1795723200L;
    static final String BODY = "{\"type\":\"blessing\",\"text\":\"hi\"}";

    final EdgeSignature signature = new EdgeSignature(SECRET);

    static SignedRequest vector(String body, String authorization, String host, String coherence) {
        return new SignedRequest(
                "POST",
                host,
                "/v1/messages?dry=1",
                EdgeSignature.sha256Hex(body.getBytes(StandardCharsets.UTF_8)),
                authorization,
                "2026-11-26T20:00:00.250Z",
                "42",
                coherence,
                "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
    }

    static SignedRequest vector() {
        return vector(BODY, "Bearer sc_test_key", "europe-west1-sacred.cloudfunctions.net", "0.87");
    }

    @Test
    void canonicalStringAndSignatureMatchTheVector() {
        assertThat(EdgeSignature.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("041de7f3d094d77e578a060759f1aea69f09480d03bbd062069287526d0aa505");
        assertThat(EdgeSignature.sha256Hex(new byte[0])).isEqualTo(EdgeSignature.EMPTY_BODY_SHA256);
        String canonical = EdgeSignature.canonical("1795723200", NONCE, vector());
        assertThat(canonical)
                .isEqualTo(
                        "v2\n1795723200\n" + NONCE + "\nPOST\neurope-west1-sacred.cloudfunctions.net\n"
                                + "/v1/messages?dry=1\n041de7f3d094d77e578a060759f1aea69f09480d03bbd062069287526d0aa505\n"
                                + "Bearer sc_test_key\n2026-11-26T20:00:00.250Z\n42\n0.87\n3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
        assertThat(signature.sign(canonical)).isEqualTo(V2);
        assertThat(signature.header(T, NONCE, vector())).isEqualTo(HEADER);
        // the tests' own signer (written from the contract, not from this verifier) agrees
        assertThat(org.sacredcouncil.functions.it.SignedHeartVector.v2()).isEqualTo(V2);
    }

    @Test
    void acceptsTheVectorWithin60SecondsInAnyPartOrder() {
        assertThat(signature.verify(HEADER, vector(), T)).isEqualTo(new EdgeSignature.Result(true, null, NONCE));
        assertThat(signature.verify(HEADER, vector(), T + 60).valid()).isTrue();
        assertThat(signature.verify(HEADER, vector(), T - 60).valid()).isTrue();
        String shuffled = "v2=" + V2 + ",x=ignored,n=" + NONCE + ",t=1795723200";
        assertThat(signature.verify(shuffled, vector(), T).valid()).isTrue();
    }

    @Test
    void theSignatureCoversBodyAuthorizationHostAndTheEdgeHeaders() {
        assertThat(signature
                        .verify(
                                HEADER,
                                vector(
                                        "{\"type\":\"concern\",\"text\":\"hi\"}",
                                        "Bearer sc_test_key",
                                        "europe-west1-sacred.cloudfunctions.net",
                                        "0.87"),
                                T)
                        .reason())
                .contains("wrong");
        assertThat(signature
                        .verify(
                                HEADER,
                                vector(BODY, "Bearer someone_else", "europe-west1-sacred.cloudfunctions.net", "0.87"),
                                T)
                        .reason())
                .contains("wrong");
        assertThat(signature
                        .verify(
                                HEADER,
                                vector(BODY, "Bearer sc_test_key", "us-central1-sacred.cloudfunctions.net", "0.87"),
                                T)
                        .reason())
                .contains("wrong");
        assertThat(signature
                        .verify(
                                HEADER,
                                vector(BODY, "Bearer sc_test_key", "europe-west1-sacred.cloudfunctions.net", "0.99"),
                                T)
                        .reason())
                .contains("wrong");
        assertThat(signature
                        .verify(HEADER.replace(NONCE, "BAECAwQFBgcICQoLDA0ODw"), vector(), T)
                        .reason())
                .contains("wrong");
    }

    @Test
    void refusesStaleMissingMalformedAndV1Signatures() {
        assertThat(signature.verify(HEADER, vector(), T + 61).reason()).contains("stale");
        assertThat(signature.verify(HEADER, vector(), T - 61).reason()).contains("stale");
        assertThat(signature.verify(null, vector(), T).reason()).contains("missing");
        assertThat(signature.verify("t=1795723200,v2=" + V2, vector(), T).reason())
                .contains("malformed");
        assertThat(signature
                        .verify("t=1795723200,n=short,v2=" + V2, vector(), T)
                        .reason())
                .contains("malformed");
        assertThat(signature
                        .verify("t=abc,n=" + NONCE + ",v2=" + V2, vector(), T)
                        .reason())
                .contains("malformed");
        assertThat(signature
                        .verify("t=1795723200,v1=" + "0".repeat(64), vector(), T)
                        .reason())
                .contains("v1");
        assertThat(new EdgeSignature("other-secret").verify(HEADER, vector(), T).valid())
                .isFalse();
    }
}

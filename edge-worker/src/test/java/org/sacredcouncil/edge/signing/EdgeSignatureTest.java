package org.sacredcouncil.edge.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The test vector of docs/contracts.md#edge-signature-vector, checked with the JDK's own SHA-256 and HMAC,
 * so heart's verifier (JDK crypto), the Node verifier of the workerd tests and the edge (WebCrypto) agree.
 */
class EdgeSignatureTest {

    private static final String BODY = "{\"type\":\"blessing\",\"text\":\"hi\"}";
    private static final String BODY_SHA256 = "041de7f3d094d77e578a060759f1aea69f09480d03bbd062069287526d0aa505";
    private static final String NONCE = "AAECAwQFBgcICQoLDA0ODw";
    private static final String CONTRACT_CANONICAL = "v2\n1795723200\n" + NONCE + "\nPOST\n"
            + "europe-west1-sacred.cloudfunctions.net\n/v1/messages?dry=1\n" + BODY_SHA256 + "\nBearer sc_test_key\n"
            + "2026-11-26T20:00:00.250Z\n42\n0.87\n3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01";
    private static final String CONTRACT_HEADER = "t=1795723200,n=AAECAwQFBgcICQoLDA0ODw,"
            + "v2=f72e36883d918284032aa620fd87ede23580a2b0cd6fa459a04ecfa6b9441118";

    @Test
    void canonicalStringOfTheContractVector() throws Exception {
        assertThat(hex(MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(BODY_SHA256);
        String host = EdgeSignature.hostOf("https://europe-west1-sacred.cloudfunctions.net/heart");
        String canonical = EdgeSignature.canonical(
                "1795723200",
                NONCE,
                "POST",
                host,
                "/v1/messages?dry=1",
                BODY_SHA256,
                "Bearer sc_test_key",
                "2026-11-26T20:00:00.250Z",
                "42",
                "0.87",
                "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
        assertThat(canonical).isEqualTo(CONTRACT_CANONICAL);
    }

    @Test
    void headerOfTheContractVector() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("sacred-test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String mac2 = hex(mac.doFinal(CONTRACT_CANONICAL.getBytes(StandardCharsets.UTF_8)));
        assertThat(EdgeSignature.headerPrefix("1795723200", NONCE) + mac2).isEqualTo(CONTRACT_HEADER);
    }

    @Test
    void emptyBodyDigestAndMissingValuesAsEmptyLines() throws Exception {
        assertThat(hex(MessageDigest.getInstance("SHA-256").digest(new byte[0])))
                .isEqualTo(EdgeSignature.EMPTY_BODY_SHA256);
        assertThat(EdgeSignature.canonical(
                        "1",
                        "n",
                        "GET",
                        "h",
                        "/v1/field",
                        EdgeSignature.EMPTY_BODY_SHA256,
                        null,
                        null,
                        "0",
                        "0.5",
                        null))
                .isEqualTo("v2\n1\nn\nGET\nh\n/v1/field\n" + EdgeSignature.EMPTY_BODY_SHA256 + "\n\n\n0\n0.5\n");
    }

    @Test
    void hostIsLowerCaseWithThePortOnlyWhenNotTheDefault() {
        assertThat(EdgeSignature.hostOf("https://Europe-West1.Example.net:443/heart"))
                .isEqualTo("europe-west1.example.net");
        assertThat(EdgeSignature.hostOf("http://127.0.0.1:8081")).isEqualTo("127.0.0.1:8081");
        assertThat(EdgeSignature.hostOf("http://heart.local:80/")).isEqualTo("heart.local");
        assertThat(EdgeSignature.hostOf("https://heart.local:8443?x")).isEqualTo("heart.local:8443");
    }

    private static String hex(byte[] raw) {
        StringBuilder hex = new StringBuilder();
        for (byte b : raw) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}

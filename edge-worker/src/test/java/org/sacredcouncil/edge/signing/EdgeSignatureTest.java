package org.sacredcouncil.edge.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The README's test vector, checked with the JDK's own HMAC so heart's verifier and the edge agree. */
class EdgeSignatureTest {

    private static final String README_CANONICAL = "v1\n1795723200\nPOST\n/v1/messages?dry=1\n"
            + "2026-11-26T20:00:00.250Z\n42\n0.87\n3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01";
    private static final String README_HEX = "11f81540b9c7f7d307f70f652674e4f984618f1aa587e0693f7ef37406c0cf8d";

    @Test
    void canonicalStringMatchesTheReadmeVector() {
        String canonical = EdgeSignature.canonical("1795723200", "POST", "/v1/messages?dry=1",
                "2026-11-26T20:00:00.250Z", "42", "0.87", "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
        assertThat(canonical).isEqualTo(README_CANONICAL);
    }

    @Test
    void hmacOfTheVectorIsTheReadmeHex() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("sacred-test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] raw = mac.doFinal(README_CANONICAL.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : raw) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        assertThat(hex.toString()).isEqualTo(README_HEX);
        assertThat(EdgeSignature.header("1795723200", hex.toString())).isEqualTo("t=1795723200,v1=" + README_HEX);
    }

    @Test
    void missingHeaderValuesCountAsEmptyLines() {
        assertThat(EdgeSignature.canonical("1", "GET", "/v1/field", null, "0", "0.5", null))
                .isEqualTo("v1\n1\nGET\n/v1/field\n\n0\n0.5\n");
    }
}

package org.sacredcouncil.functions.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test vector of edge-worker/README.md, "Edge signature". */
class EdgeSignatureTest {

    static final String SECRET = "sacred-test-secret";
    static final String HEADER = "t=1795723200,v1=11f81540b9c7f7d307f70f652674e4f984618f1aa587e0693f7ef37406c0cf8d";
    static final long T = 1795723200L;

    final EdgeSignature signature = new EdgeSignature(SECRET);

    EdgeSignature.Result verify(String header, String coherence, long now) {
        return signature.verify(header, "POST", "/v1/messages?dry=1", "2026-11-26T20:00:00.250Z", "42", coherence,
                "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01", now);
    }

    @Test
    void canonicalStringAndSignatureMatchTheVector() {
        String canonical = EdgeSignature.canonical("1795723200", "POST", "/v1/messages?dry=1",
                "2026-11-26T20:00:00.250Z", "42", "0.87", "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
        assertThat(canonical).isEqualTo("v1\n1795723200\nPOST\n/v1/messages?dry=1\n2026-11-26T20:00:00.250Z\n42\n0.87\n"
                + "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01");
        assertThat(signature.sign(canonical)).isEqualTo(HEADER.substring(HEADER.indexOf("v1=") + 3));
    }

    @Test
    void acceptsTheVectorWithinTheSkewInEitherPartOrder() {
        assertThat(verify(HEADER, "0.87", T).valid()).isTrue();
        assertThat(verify(HEADER, "0.87", T + 300).valid()).isTrue();
        assertThat(verify(HEADER, "0.87", T - 300).valid()).isTrue();
        String swapped = "v1=" + HEADER.substring(HEADER.indexOf("v1=") + 3) + ",t=1795723200,v2=future";
        assertThat(verify(swapped, "0.87", T).valid()).isTrue();
    }

    @Test
    void refusesStaleForgedMissingAndMalformedSignatures() {
        assertThat(verify(HEADER, "0.87", T + 301).reason()).contains("stale");
        assertThat(verify(HEADER, "0.87", T - 301).reason()).contains("stale");
        assertThat(verify(HEADER, "0.99", T).reason()).contains("wrong");
        assertThat(verify(null, "0.87", T).reason()).contains("missing");
        assertThat(verify("t=1795723200", "0.87", T).reason()).contains("malformed");
        assertThat(verify("t=abc,v1=" + "0".repeat(64), "0.87", T).reason()).contains("malformed");
        assertThat(new EdgeSignature("other-secret").verify(HEADER, "POST", "/v1/messages?dry=1",
                "2026-11-26T20:00:00.250Z", "42", "0.87", "3f2c1e9a-0b7d-4c1e-9a55-2b6f0f1d7e01", T).valid()).isFalse();
    }
}

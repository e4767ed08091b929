package org.sacredcouncil.edge.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderPoliciesTest {

    @Test
    void reservedFamiliesAreStrippedExceptTheClientPauseHeader() {
        assertThat(InboundHeaderPolicy.strip("X-Edge-Signature")).isTrue();
        assertThat(InboundHeaderPolicy.strip("x-edge-arrival")).isTrue();
        assertThat(InboundHeaderPolicy.strip("X-Field-Version")).isTrue();
        assertThat(InboundHeaderPolicy.strip("x-sacred-blessing")).isTrue();
        assertThat(InboundHeaderPolicy.strip("X-Sacred-Pause-Duration")).isTrue();
        assertThat(InboundHeaderPolicy.strip("Expect"))
                .as("the edge holds the body; Jetty answered 100-continue with 500")
                .isTrue();
        assertThat(InboundHeaderPolicy.strip("X-Sacred-Pause")).isFalse();
        assertThat(InboundHeaderPolicy.strip("host")).isTrue();
        assertThat(InboundHeaderPolicy.strip("Connection")).isTrue();
        assertThat(InboundHeaderPolicy.strip("traceparent")).isTrue();
        assertThat(InboundHeaderPolicy.strip("content-type")).isFalse();
        assertThat(InboundHeaderPolicy.strip("idempotency-key")).isFalse();
        assertThat(InboundHeaderPolicy.strip("x-edgeless")).isFalse();
    }

    @Test
    void requestIdsAreKeptOnlyWhenSafe() {
        assertThat(RequestIds.requestId("abc-123_x.y:z", () -> "fresh")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestIds.requestId("has space", () -> "fresh")).isEqualTo("fresh");
        assertThat(RequestIds.requestId("line\nbreak", () -> "fresh")).isEqualTo("fresh");
        assertThat(RequestIds.requestId("", () -> "fresh")).isEqualTo("fresh");
        assertThat(RequestIds.requestId(null, () -> "fresh")).isEqualTo("fresh");
        assertThat(RequestIds.requestId("a".repeat(129), () -> "fresh")).isEqualTo("fresh");
        assertThat(RequestIds.requestId("a".repeat(128), () -> "fresh")).hasSize(128);
    }

    @Test
    void traceparentContinuesAValidTraceWithTheEdgeAsParent() {
        String client = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";
        assertThat(RequestIds.traceparent(client, () -> "x".repeat(32), "1111222233334444"))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-1111222233334444-01");
        String fresh = "0123456789abcdef0123456789abcdef";
        assertThat(RequestIds.traceparent("garbage", () -> fresh, "1111222233334444"))
                .isEqualTo("00-" + fresh + "-1111222233334444-01");
        String zeroTrace = "00-00000000000000000000000000000000-00f067aa0ba902b7-01";
        assertThat(RequestIds.traceparent(zeroTrace, () -> fresh, "1111222233334444"))
                .contains(fresh);
        assertThat(RequestIds.traceparent(null, () -> fresh, "1111222233334444"))
                .contains(fresh);
    }

    @Test
    void coherenceIsWrittenWithAtMostFourDecimals() {
        assertThat(FieldHeaderValues.coherence(0.87)).isEqualTo("0.87");
        assertThat(FieldHeaderValues.coherence(0.5)).isEqualTo("0.5");
        assertThat(FieldHeaderValues.coherence(0.123456)).isEqualTo("0.1235");
        assertThat(FieldHeaderValues.coherence(0.0001)).isEqualTo("0.0001");
        assertThat(FieldHeaderValues.coherence(0.00004)).isEqualTo("0");
        assertThat(FieldHeaderValues.coherence(0.99999)).isEqualTo("1");
        assertThat(FieldHeaderValues.coherence(1.0)).isEqualTo("1");
        assertThat(FieldHeaderValues.coherence(0.05)).isEqualTo("0.05");
        assertThat(FieldHeaderValues.coherence(-1)).isEqualTo("0");
    }

    @Test
    void blessingFollowsCoherenceBands() {
        assertThat(FieldHeaderValues.blessing(0.9)).isEqualTo("radiant");
        assertThat(FieldHeaderValues.blessing(0.8)).isEqualTo("radiant");
        assertThat(FieldHeaderValues.blessing(0.6)).isEqualTo("steady");
        assertThat(FieldHeaderValues.blessing(0.3)).isEqualTo("tender");
        assertThat(FieldHeaderValues.blessing(0.1)).isEqualTo("resting");
    }
}

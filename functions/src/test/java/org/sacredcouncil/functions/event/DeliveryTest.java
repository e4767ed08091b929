package org.sacredcouncil.functions.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.event.PresenceBeat;

/** The push shapes the consumers' HTTP entry reads (PushEndpoint), and what it refuses as unreadable. */
class DeliveryTest {

    static final PresenceBeat BEAT = new PresenceBeat("evt-1", 1_795_723_200_000L, "agent-1", "europe-west1");
    static final String EVENT_JSON = EventCodec.toCloudEventJson(BEAT, "//test");

    static UnaryOperator<String> headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }

    static String envelope(String messageId) {
        return "{\"message\":{\"data\":\""
                + Base64.getEncoder().encodeToString(EVENT_JSON.getBytes(StandardCharsets.UTF_8))
                + "\",\"attributes\":{\"ce-id\":\"evt-1\"},\"messageId\":\"" + messageId
                + "\"},\"subscription\":\"s\"}";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryModePubSubCloudEvent() {
        Delivery d = Delivery.fromHttp(
                headers("ce-type", Delivery.PUBSUB_PUBLISHED, "ce-id", "delivery-9"), bytes(envelope("msg-7")));
        assertThat(d.messageId()).isEqualTo("msg-7");
        assertThat(d.deliveryId()).isEqualTo("delivery-9");
        assertThat(d.attributes()).containsEntry("ce-id", "evt-1");
        assertThat(d.councilEvent()).isEqualTo(BEAT);
    }

    @Test
    void structuredModePubSubCloudEvent() {
        String body = "{\"specversion\":\"1.0\",\"type\":\"" + Delivery.PUBSUB_PUBLISHED + "\",\"id\":\"d-1\","
                + "\"source\":\"//pubsub\",\"data\":" + envelope("msg-8") + "}";
        Delivery d =
                Delivery.fromHttp(headers("Content-Type", "application/cloudevents+json; charset=utf-8"), bytes(body));
        assertThat(d.messageId()).isEqualTo("msg-8");
        assertThat(d.councilEvent()).isEqualTo(BEAT);
    }

    @Test
    void councilEventPushedDirectlyInEitherMode() {
        Delivery structured =
                Delivery.fromHttp(headers("content-type", "application/cloudevents+json"), bytes(EVENT_JSON));
        assertThat(structured.councilEvent()).isEqualTo(BEAT);
        String data = EventCodec.dataJson(BEAT);
        Delivery binary = Delivery.fromHttp(
                headers("ce-type", BEAT.type(), "ce-id", "evt-1", "ce-time", "2026-11-26T20:00:00Z"), bytes(data));
        assertThat(binary.councilEvent()).isEqualTo(BEAT);
    }

    @Test
    void classicPushJsonWithoutCloudEventHeaders() {
        Delivery d = Delivery.fromHttp(headers("Content-Type", "application/json"), bytes(envelope("msg-9")));
        assertThat(d.messageId()).isEqualTo("msg-9");
        assertThat(d.councilEvent()).isEqualTo(BEAT);
    }

    @Test
    void unreadablePushesArePermanent() {
        assertThatThrownBy(() -> Delivery.fromHttp(headers("ce-type", Delivery.PUBSUB_PUBLISHED), bytes(envelope("m"))))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("ce-id");
        assertThatThrownBy(() -> Delivery.fromHttp(headers(), bytes("not json")))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> Delivery.fromHttp(headers(), bytes("{\"hello\":1}")))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("neither");
        assertThatThrownBy(() -> Delivery.fromHttp(
                        headers("ce-type", Delivery.PUBSUB_PUBLISHED, "ce-id", "x"),
                        bytes("{\"message\":{\"data\":\"%%%\",\"messageId\":\"1\"}}")))
                .isInstanceOf(EventFormatException.class);
    }

    @Test
    void pushTokenComparison() {
        assertThat(new PushAuthProbe("tok").accepts("Bearer tok")).isTrue();
        assertThat(new PushAuthProbe("tok").accepts("Bearer tok2")).isFalse();
        assertThat(new PushAuthProbe("tok").accepts(null)).isFalse();
        assertThat(new PushAuthProbe(null).accepts(null))
                .as("no token configured: IAM decides")
                .isTrue();
    }

    /** PushAuth with a given token, without the process environment. */
    record PushAuthProbe(String token) {
        boolean accepts(String header) {
            org.sacredcouncil.functions.config.FunctionConfig.override(
                    java.util.Collections.singletonMap("PUSH_AUTH_TOKEN", token));
            try {
                return PushAuth.fromConfig().accepts(header);
            } finally {
                org.sacredcouncil.functions.config.FunctionConfig.override(
                        java.util.Collections.singletonMap("PUSH_AUTH_TOKEN", null));
            }
        }
    }
}

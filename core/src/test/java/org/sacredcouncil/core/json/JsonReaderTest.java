package org.sacredcouncil.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @Test
    @SuppressWarnings("unchecked")
    void parsesAllValueKindsIntoAPlainTree() {
        Object value =
                JsonReader.parse(" {\"a\": [1, -2.5e2, true, false, null], \"b\": {\"c\": \"x\\n\\u00e9\\\"\"}} ");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("a", "b");
        assertThat((List<Object>) map.get("a")).containsExactly(1.0, -250.0, true, false, null);
        assertThat(((Map<?, ?>) map.get("b")).get("c")).isEqualTo("x\né\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{",
                "[1,]",
                "{\"a\":}",
                "{\"a\" 1}",
                "01",
                "1.",
                "-",
                "tru",
                "\"abc",
                "{\"a\":1}x",
                "{'a':1}",
                "[1 2]",
                "\"\\x\"",
                "{\"a\":1,\"a\":2}",
                "\"tab\there\"",
                "1e999"
            })
    void refusesMalformedInputWithAPosition(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text))
                .isInstanceOf(JsonException.class)
                .hasMessageMatching("(?s).*(malformed JSON|empty).*");
    }

    @Test
    void boundsNestingSoHostileInputCannotOverflowTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> JsonReader.parse(deep))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void typedAccessorsNameTheFieldPath() {
        JsonObject o = JsonReader.parseObject("{\"message\":{\"text\":5,\"n\":1.5},\"list\":[{},3]}");
        assertThatThrownBy(() -> o.object("message").string("text"))
                .isInstanceOfSatisfying(
                        JsonException.class, e -> assertThat(e.field()).isEqualTo("message.text"))
                .hasMessage("field message.text: must be a string");
        assertThatThrownBy(() -> o.object("message").integer("n")).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> o.string("missing")).hasMessage("field missing: is required");
        assertThatThrownBy(() -> o.objects("list")).hasMessage("field list[1]: must be an object");
        assertThat(o.optString("missing", "d")).isEqualTo("d");
    }

    @Test
    void writerOutputParsesBackToTheSameValues() {
        String json = new JsonWriter()
                .beginObject()
                .name("s")
                .value("quote\" back\\ nl\n ctl\u0001 sep\u2028")
                .name("d")
                .value(0.1)
                .name("i")
                .value(42L)
                .name("whole")
                .value(3.0)
                .name("b")
                .value(true)
                .name("n")
                .nullValue()
                .name("arr")
                .beginArray()
                .value(1L)
                .beginObject()
                .endObject()
                .endArray()
                .endObject()
                .toString();
        JsonObject o = JsonReader.parseObject(json);
        assertThat(o.string("s")).isEqualTo("quote\" back\\ nl\n ctl\u0001 sep\u2028");
        assertThat(o.number("d")).isEqualTo(0.1);
        assertThat(o.integer("i")).isEqualTo(42L);
        assertThat(json).contains("\"whole\":3");
        assertThat(o.bool("b")).isTrue();
        assertThat(o.has("n")).isFalse();
        assertThat(o.array("arr")).hasSize(2);
    }

    @Test
    void writerRefusesNonFiniteNumbers() {
        assertThatThrownBy(() -> new JsonWriter().value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unicodeEscapesTakeAsciiHexDigitsOnly() {
        assertThat(JsonReader.parse("\"\\u00E9\\u00e9\"")).isEqualTo("\u00e9\u00e9");
        // Arabic-Indic and full-width digits are digits to Character.digit, not to RFC 8259
        assertThatThrownBy(() -> JsonReader.parse("\"\\u\u0660\u0660\u0664\u0661\""))
                .isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> JsonReader.parse("\"\\u00\uff21\uff21\"")).isInstanceOf(JsonException.class);
    }

    @Test
    void negativeZeroIsWrittenSoThatItReadsBackEqual() {
        // found by EventCodecFuzzTest: an impact of -0.0 came back as 0.0, a different event
        String json =
                new JsonWriter().beginArray().value(-0.0).value(0.0).endArray().toString();
        assertThat(json).isEqualTo("[-0,0]");
        List<?> values = (List<?>) JsonReader.parse(json);
        assertThat(Double.compare((Double) values.get(0), -0.0)).isZero();
        assertThat(Double.compare((Double) values.get(1), 0.0)).isZero();
    }
}

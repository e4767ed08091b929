package org.sacredcouncil.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;

/**
 * Coverage-guided fuzzing of core's JSON reader (hostile request bodies and events reach it first).
 * Invariants: it either returns a tree or throws {@link JsonException} (never anything else, never a stack
 * overflow); whatever it accepts, {@code JsonWriter} writes back to text it parses to the same tree, and
 * that text is a fixed point (writing the re-parsed tree gives the same text).
 */
class JsonReaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefusesAndRoundTrips(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Object tree;
        try {
            tree = JsonReader.parse(text);
        } catch (JsonException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        String written = JsonTree.write(tree);
        Object again = JsonReader.parse(written);
        assertThat(JsonTree.same(tree, again))
                .as("round trip of %s via %s", text, written)
                .isTrue();
        assertThat(JsonTree.write(again)).isEqualTo(written);
    }
}

package org.sacredcouncil.core.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.json.JsonException;

class FieldStateJsonTest {

    private static final String DESIGN_EXAMPLE = """
            {
              "version": 42,
              "updatedAt": "2026-11-26T20:00:00Z",
              "global":  {"coherence": 0.87, "agents": 12},
              "regions": {"europe-west1": {"coherence": 0.91, "agents": 5}},
              "sacred":  {"loveAmplification": 1.0},
              "origins": [{"id": "eu", "url": "https://eu.example", "region": "europe-west1",
                           "healthy": true, "coherence": 0.91}]
            }""";

    @Test
    void readsTheDesignExample() {
        FieldState state = FieldStateJson.parse(DESIGN_EXAMPLE);
        assertThat(state.version()).isEqualTo(42);
        assertThat(state.global()).isEqualTo(new RegionField(0.87, 12));
        assertThat(state.regions()).containsEntry("europe-west1", new RegionField(0.91, 5));
        assertThat(state.loveAmplification()).isEqualTo(1.0);
        assertThat(state.origins()).containsExactly(new Origin("eu", "https://eu.example", "europe-west1", true, 0.91));
    }

    @Test
    void writesExactlyTheDesignShapeAndRoundTrips() {
        FieldState state = FieldStateJson.parse(DESIGN_EXAMPLE);
        String json = FieldStateJson.write(state);
        assertThat(json)
                .isEqualTo("{\"version\":42,\"updatedAt\":\"2026-11-26T20:00:00Z\","
                        + "\"global\":{\"coherence\":0.87,\"agents\":12},"
                        + "\"regions\":{\"europe-west1\":{\"coherence\":0.91,\"agents\":5}},"
                        + "\"sacred\":{\"loveAmplification\":1},"
                        + "\"origins\":[{\"id\":\"eu\",\"url\":\"https://eu.example\",\"region\":\"europe-west1\","
                        + "\"healthy\":true,\"coherence\":0.91}]}");
        assertThat(FieldStateJson.parse(json)).isEqualTo(state);
    }

    @Test
    void regionsAreWrittenInNameOrderWhateverTheInsertionOrder() {
        TreeMap<String, RegionField> regions = new TreeMap<>();
        regions.put("us-central1", new RegionField(0.4, 1));
        regions.put("asia-east1", new RegionField(0.6, 2));
        String json = FieldStateJson.write(new FieldState(1, 0, new RegionField(0.5, 3), regions, 1.2, List.of()));
        assertThat(json.indexOf("asia-east1")).isLessThan(json.indexOf("us-central1"));
    }

    @Test
    void badStatesNameTheField() {
        assertThatThrownBy(() -> FieldStateJson.parse(DESIGN_EXAMPLE.replace("0.87", "1.5")))
                .isInstanceOfSatisfying(
                        JsonException.class, e -> assertThat(e.field()).isEqualTo("global.coherence"));
        assertThatThrownBy(() -> FieldStateJson.parse(DESIGN_EXAMPLE.replace("\"version\": 42", "\"version\": \"42\"")))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> FieldStateJson.parse(DESIGN_EXAMPLE.replace("2026-11-26T20:00:00Z", "noon")))
                .hasMessageContaining("updatedAt");
        assertThatThrownBy(() -> FieldStateJson.parse(DESIGN_EXAMPLE.replace("https://eu.example", "ftp://x")))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("url");
        assertThatThrownBy(() -> FieldStateJson.parse("[]")).isInstanceOf(JsonException.class);
    }

    @Test
    void newerVersionWinsAndTiesKeepWhatIsHeld() {
        FieldState v1 = FieldState.initial().withVersion(1, 10);
        FieldState v2 = FieldState.initial().withVersion(2, 5);
        FieldState otherV2 = FieldState.initial().withVersion(2, 99);
        assertThat(v1.newest(v2)).isSameAs(v2);
        assertThat(v2.newest(v1)).isSameAs(v2);
        assertThat(v2.newest(otherV2)).isSameAs(v2);
        assertThat(v2.isNewerThan(v1)).isTrue();
        assertThat(v1.isNewerThan(null)).isTrue();
    }
}

package org.sacredcouncil.core.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.coherence.FieldReading;

class FieldComposerTest {

    @Test
    void composesRegionsFromReadingPresenceAndOrigins() {
        TreeMap<String, Double> coherence = new TreeMap<>();
        coherence.put("europe-west1", 0.8);
        FieldReading reading = new FieldReading(1000, 0.7, coherence, 1.25, 0.2, 3);
        TreeMap<String, Integer> presence = new TreeMap<>();
        presence.put("europe-west1", 2);
        presence.put("asia-east1", 1);
        List<Origin> origins = List.of(
                new Origin("eu", "http://127.0.0.1:1", "europe-west1", true, 0.5),
                new Origin("us", "http://127.0.0.1:2", "us-central1", false, 0.5));
        FieldState previous = FieldState.initial().withVersion(41, 0);

        FieldState state = FieldComposer.compose(previous, reading, presence, 0.5, origins, 1000);

        assertThat(state.version()).isEqualTo(42);
        assertThat(state.global()).isEqualTo(new RegionField(0.7, 3));
        assertThat(state.regions()).containsOnlyKeys("asia-east1", "europe-west1", "us-central1");
        assertThat(state.regions().get("asia-east1")).isEqualTo(new RegionField(0.5, 1));
        assertThat(state.regions().get("us-central1")).isEqualTo(new RegionField(0.5, 0));
        assertThat(state.origins()).extracting(Origin::coherence).containsExactly(0.8, 0.5);
        assertThat(state.origins()).extracting(Origin::healthy).containsExactly(true, false);
        assertThat(state.loveAmplification()).isEqualTo(1.25);
        assertThat(FieldComposer.compose(null, reading, presence, 0.5, List.of(), 5)
                        .version())
                .isEqualTo(1);
    }
}

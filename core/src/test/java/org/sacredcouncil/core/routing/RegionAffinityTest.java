package org.sacredcouncil.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionAffinityTest {

    @Test
    void mapsGoogleRegionsToCloudflareContinents() {
        assertThat(RegionAffinity.continentOf("europe-west1")).isEqualTo("EU");
        assertThat(RegionAffinity.continentOf("us-central1")).isEqualTo("NA");
        assertThat(RegionAffinity.continentOf("northamerica-northeast1")).isEqualTo("NA");
        assertThat(RegionAffinity.continentOf("southamerica-east1")).isEqualTo("SA");
        assertThat(RegionAffinity.continentOf("asia-east1")).isEqualTo("AS");
        assertThat(RegionAffinity.continentOf("me-west1")).isEqualTo("AS");
        assertThat(RegionAffinity.continentOf("australia-southeast1")).isEqualTo("OC");
        assertThat(RegionAffinity.continentOf("africa-south1")).isEqualTo("AF");
        assertThat(RegionAffinity.continentOf("eu")).isEqualTo("EU");
        assertThat(RegionAffinity.continentOf("moon-base1")).isEmpty();
        assertThat(RegionAffinity.continentOf(null)).isEmpty();
    }

    @Test
    void nearOnlyWhenBothSidesAreKnownAndEqual() {
        assertThat(RegionAffinity.isNear("europe-west1", "EU")).isTrue();
        assertThat(RegionAffinity.isNear("europe-west1", "eu")).isTrue();
        assertThat(RegionAffinity.isNear("europe-west1", "NA")).isFalse();
        assertThat(RegionAffinity.isNear("europe-west1", "")).isFalse();
        assertThat(RegionAffinity.isNear("", "EU")).isFalse();
    }
}

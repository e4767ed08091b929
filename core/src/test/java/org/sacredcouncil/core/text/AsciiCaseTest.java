package org.sacredcouncil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsciiCaseTest {

    @Test
    void foldsOnlyAsciiLetters() {
        assertThat(AsciiCase.lower("X-Edge-Signature")).isEqualTo("x-edge-signature");
        assertThat(AsciiCase.upper("europe-west1")).isEqualTo("EUROPE-WEST1");
        assertThat(AsciiCase.lower("Application/JSON; Charset=UTF-8")).isEqualTo("application/json; charset=utf-8");
        // non-ASCII letters are left alone (no Unicode tables): İ stays, é stays
        assertThat(AsciiCase.lower("İSTANBUL-É")).isEqualTo("İstanbul-É");
        assertThat(AsciiCase.upper("é-eu")).isEqualTo("é-EU");
    }

    @Test
    void returnsTheSameStringWhenNothingChanges() {
        String lower = "x-request-id";
        String upper = "EU";
        assertThat(AsciiCase.lower(lower)).isSameAs(lower);
        assertThat(AsciiCase.upper(upper)).isSameAs(upper);
        assertThat(AsciiCase.lower("")).isEmpty();
    }
}

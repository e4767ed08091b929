package org.sacredcouncil.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteBodyPolicyTest {

    @Test
    void jsonBodiesPassWhateverTheirParametersOrCase() {
        assertThat(WriteBodyPolicy.refuses("application/json", true)).isFalse();
        assertThat(WriteBodyPolicy.refuses("Application/JSON; charset=utf-8", true))
                .isFalse();
        assertThat(WriteBodyPolicy.refuses(" application/json ;charset=latin-9", true))
                .isFalse();
    }

    @Test
    void otherBodiesAreRefused() {
        assertThat(WriteBodyPolicy.refuses("text/plain", true)).isTrue();
        assertThat(WriteBodyPolicy.refuses("application/x-www-form-urlencoded", true))
                .isTrue();
        assertThat(WriteBodyPolicy.refuses("application/jsonp", true)).isTrue();
        assertThat(WriteBodyPolicy.refuses("", true)).isTrue();
    }

    @Test
    void multipartIsRefusedEvenWithoutABodyBecauseTheInvokerParsesItEagerly() {
        assertThat(WriteBodyPolicy.refuses("multipart/form-data; boundary=x", false))
                .isTrue();
        assertThat(WriteBodyPolicy.refuses("Multipart/Mixed", false)).isTrue();
    }

    @Test
    void bodilessWritesWithoutAFormTypeAreLeftToTheOrigin() {
        // e.g. `curl -X POST -d ''` on presence: heart accepts an empty body there
        assertThat(WriteBodyPolicy.refuses("application/x-www-form-urlencoded", false))
                .isFalse();
        assertThat(WriteBodyPolicy.refuses("text/plain", false)).isFalse();
        assertThat(WriteBodyPolicy.refuses(null, true)).isFalse();
    }

    @Test
    void mimeDropsParametersAndCase() {
        assertThat(WriteBodyPolicy.mimeOf("Text/HTML; charset=UTF-8")).isEqualTo("text/html");
        assertThat(WriteBodyPolicy.mimeOf("application/json")).isEqualTo("application/json");
    }
}

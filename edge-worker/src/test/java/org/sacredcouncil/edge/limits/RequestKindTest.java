package org.sacredcouncil.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestKindTest {

    @Test
    void eachKindOfWriteHasItsBudgetEverythingElseIsARead() {
        assertThat(RequestKind.binding(RequestKind.of("POST", "/v1/agents"))).isEqualTo("LIMIT_REGISTRATIONS");
        assertThat(RequestKind.binding(RequestKind.of("POST", "/v1/messages"))).isEqualTo("LIMIT_MESSAGES");
        assertThat(RequestKind.binding(RequestKind.of("POST", "/v1/presence"))).isEqualTo("LIMIT_PRESENCE");
        assertThat(RequestKind.binding(RequestKind.of("GET", "/v1/messages"))).isEqualTo("LIMIT_READS");
        assertThat(RequestKind.binding(RequestKind.of("GET", "/v1/agents/a1"))).isEqualTo("LIMIT_READS");
        assertThat(RequestKind.binding(RequestKind.of("POST", "/v1/agents/a1/keys")))
                .isEqualTo("LIMIT_READS");
        // docs/artifacts.md: uploads and deletions have their own budget; serving a blob counts as a read
        assertThat(RequestKind.binding(RequestKind.of("POST", "/v1/artifacts"))).isEqualTo("LIMIT_ARTIFACTS");
        assertThat(RequestKind.binding(RequestKind.of("DELETE", "/v1/artifacts/art_1")))
                .isEqualTo("LIMIT_ARTIFACTS");
        assertThat(RequestKind.binding(RequestKind.of("GET", "/v1/artifacts/ab")))
                .isEqualTo("LIMIT_READS");
        assertThat(RequestKind.binding(RequestKind.of("GET", "/v1/artifacts"))).isEqualTo("LIMIT_READS");
    }
}

package org.sacredcouncil.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/contracts.md#origin-fault, case by case. */
class OriginFaultTest {

    private static final String HEART_ERROR =
            "{\"error\":{\"code\":\"invalid_text\",\"message\":\"m\",\"field\":\"name\"}}";

    @Test
    void onlyTheOriginsOwnFailuresCount() {
        assertThat(OriginFault.isFault(503, "postgres", null, HEART_ERROR))
                .as("marked by heart")
                .isTrue();
        assertThat(OriginFault.isFault(500, "top-level", null, "")).isTrue();
        assertThat(OriginFault.isFault(503, null, null, HEART_ERROR))
                .as("heart's JSON, unmarked: the client's")
                .isFalse();
        assertThat(OriginFault.isFault(500, null, null, HEART_ERROR)).isFalse();
        assertThat(OriginFault.isFault(500, null, null, ""))
                .as("Jetty's 500 to Expect: the client's")
                .isFalse();
        for (int status : new int[] {502, 503, 504}) {
            assertThat(OriginFault.isFault(status, null, null, "<html>upstream</html>"))
                    .as("platform " + status)
                    .isTrue();
            assertThat(OriginFault.isFault(status, null, null, "")).isTrue();
        }
        assertThat(OriginFault.isFault(429, "x", null, ""))
                .as("no 4xx ever counts")
                .isFalse();
        assertThat(OriginFault.isFault(400, null, null, "")).isFalse();
    }

    @Test
    void theErrorShapeIsAnObjectWithAnErrorCode() {
        assertThat(OriginFault.isErrorShape(HEART_ERROR)).isTrue();
        assertThat(OriginFault.isErrorShape("{\"error\":\"down\"}")).isFalse();
        assertThat(OriginFault.isErrorShape("{\"error\":{\"message\":\"m\"}}")).isFalse();
        assertThat(OriginFault.isErrorShape("[]")).isFalse();
        assertThat(OriginFault.isErrorShape("<h1>Bad Message 400</h1>")).isFalse();
        assertThat(OriginFault.isErrorShape(null)).isFalse();
    }

    @Test
    void bodiesAreReadForServerErrorsAndForErrorsThatAreNotJson() {
        assertThat(OriginFault.needsBody(200, "text/html")).isFalse();
        assertThat(OriginFault.needsBody(404, "application/json; charset=utf-8"))
                .isFalse();
        assertThat(OriginFault.needsBody(400, "Application/JSON")).isFalse();
        assertThat(OriginFault.needsBody(400, "text/html;charset=iso-8859-1")).isTrue();
        assertThat(OriginFault.needsBody(400, null)).isTrue();
        assertThat(OriginFault.needsBody(503, "application/json")).isTrue();
        assertThat(OriginFault.codeFor(414)).isEqualTo("uri_too_long");
        assertThat(OriginFault.codeFor(418)).isEqualTo("bad_request");
        assertThat(OriginFault.codeFor(502)).isEqualTo("origin_error");
    }

    /** docs/graphql.md#limits-at-edge: heart's pause of a GraphQL mutation is the client's answer, not a fault. */
    @Test
    void aPauseIsNoFaultAndGraphqlErrorsAreHeartsShape() {
        String paused = "{\"errors\":[{\"message\":\"pause\",\"extensions\":{\"code\":\"sacred_pause\"}}]}";
        assertThat(OriginFault.isFault(503, null, "4000", paused)).isFalse();
        assertThat(OriginFault.isFault(503, null, "4000", ""))
                .as("the header decides")
                .isFalse();
        assertThat(OriginFault.isFault(503, null, null, "")).isTrue();
        assertThat(OriginFault.isFault(500, "postgres", "4000", paused))
                .as("only a 503 is a pause")
                .isTrue();
        assertThat(OriginFault.isErrorShape(paused)).isTrue();
        assertThat(OriginFault.isErrorShape("{\"errors\":[]}")).isFalse();
        assertThat(OriginFault.needsBody(400, "application/graphql-response+json"))
                .isFalse();
    }
}

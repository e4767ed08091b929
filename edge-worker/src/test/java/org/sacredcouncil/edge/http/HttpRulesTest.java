package org.sacredcouncil.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseKind;

class HttpRulesTest {

    @Test
    void requestTargetKeepsPathAndQueryVerbatim() {
        RequestTarget t = RequestTarget.of("https://edge.example:8443/v1/messages?limit=5&q=%C3%A9#frag");
        assertThat(t.path()).isEqualTo("/v1/messages");
        assertThat(t.query()).isEqualTo("?limit=5&q=%C3%A9");
        assertThat(t.pathAndQuery()).isEqualTo("/v1/messages?limit=5&q=%C3%A9");
        assertThat(t.on("https://heart.example/")).isEqualTo("https://heart.example/v1/messages?limit=5&q=%C3%A9");
        assertThat(t.on("https://r.cloudfunctions.net/heart"))
                .isEqualTo("https://r.cloudfunctions.net/heart/v1/messages?limit=5&q=%C3%A9");
        assertThat(RequestTarget.of("http://edge.test").pathAndQuery()).isEqualTo("/");
        assertThat(RequestTarget.of("http://edge.test/v1/field").query()).isEmpty();
    }

    @Test
    void routerSendsFieldReadsToTheEdgeAndEverythingUnderV1ToOrigins() {
        assertThat(EdgeRouter.route("GET", "/v1/field")).isEqualTo(EdgeRoute.FIELD);
        assertThat(EdgeRouter.route("HEAD", "/v1/field")).isEqualTo(EdgeRoute.FIELD);
        assertThat(EdgeRouter.route("POST", "/v1/field")).isEqualTo(EdgeRoute.METHOD_NOT_ALLOWED);
        assertThat(EdgeRouter.route("POST", "/v1/messages")).isEqualTo(EdgeRoute.PROXY);
        assertThat(EdgeRouter.route("GET", "/v1/field/history")).isEqualTo(EdgeRoute.PROXY);
        assertThat(EdgeRouter.route("GET", "/")).isEqualTo(EdgeRoute.NOT_FOUND);
        assertThat(EdgeRouter.route("GET", "/v2/field")).isEqualTo(EdgeRoute.NOT_FOUND);
        assertThat(EdgeRouter.isWrite("POST")).isTrue();
        assertThat(EdgeRouter.isWrite("DELETE")).isTrue();
        assertThat(EdgeRouter.isWrite("GET")).isFalse();
        assertThat(EdgeRouter.isWrite("OPTIONS")).isFalse();
    }

    @Test
    void etagMatchingFollowsRfc9110() {
        assertThat(EtagMatch.matches("\"field-v3\"", "\"field-v3\"")).isTrue();
        assertThat(EtagMatch.matches("W/\"field-v3\"", "\"field-v3\"")).isTrue();
        assertThat(EtagMatch.matches("\"a\", \"field-v3\"", "\"field-v3\"")).isTrue();
        assertThat(EtagMatch.matches("*", "\"field-v3\"")).isTrue();
        assertThat(EtagMatch.matches("\"field-v2\"", "\"field-v3\"")).isFalse();
        assertThat(EtagMatch.matches("field-v3", "\"field-v3\"")).isFalse();
        assertThat(EtagMatch.matches(null, "\"field-v3\"")).isFalse();
        assertThat(EtagMatch.matches(" , ", "\"field-v3\"")).isFalse();
    }

    @Test
    void errorAndPauseBodiesAreDesignJson() {
        JsonObject error = JsonReader.parseObject(ResponseBodies.error("not_found", "no \"such\" path"));
        assertThat(error.object("error").string("code")).isEqualTo("not_found");
        assertThat(error.object("error").string("message")).isEqualTo("no \"such\" path");

        JsonObject p503 =
                JsonReader.parseObject(ResponseBodies.pause(PauseDecision.of(PauseKind.LOW_COHERENCE, 9_500), "m"));
        assertThat(p503.object("error").string("code")).isEqualTo("low_coherence");
        assertThat(p503.object("pause").integer("durationMs")).isEqualTo(9_500);
        assertThat(p503.object("pause").integer("retryAfter")).isEqualTo(10);

        JsonObject p202 =
                JsonReader.parseObject(ResponseBodies.pause(PauseDecision.of(PauseKind.CLIENT_REQUESTED, 3_000), "m"));
        assertThat(p202.has("error")).isFalse();
        assertThat(p202.object("pause").string("reason")).isEqualTo("sacred_pause");
        assertThat(p202.object("pause").string("message")).isEqualTo("m");
    }
}

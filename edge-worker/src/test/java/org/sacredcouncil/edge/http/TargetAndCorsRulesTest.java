package org.sacredcouncil.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.edge.config.ConfigException;

class TargetAndCorsRulesTest {

    private static String refused(String url) {
        return TargetHygiene.refusedPart(RequestTarget.of("https://edge.example" + url));
    }

    @Test
    void targetsHeartWouldReadDifferentlyAreRefusedNamingThePart() {
        assertThat(refused("/v1/agents/a1;jsessionid=1")).isEqualTo("path");
        assertThat(refused("/v1//agents")).isEqualTo("path");
        assertThat(refused("/v1/agents/a%00")).isEqualTo("path");
        assertThat(refused("/v1/agents/a\u0001")).isEqualTo("path");
        assertThat(refused("/v1/messages?agentId=%00")).isEqualTo("query");
        assertThat(refused("/v1/messages?c=" + "x".repeat(TargetHygiene.MAX_TARGET_CHARS)))
                .isEqualTo("query");
        assertThat(refused("/v1/" + "a".repeat(TargetHygiene.MAX_TARGET_CHARS))).isEqualTo("path");
        assertThat(TargetHygiene.message(RequestTarget.of("https://e/v1/a;b"))).contains("';'");
    }

    @Test
    void ordinaryTargetsPass() {
        assertThat(refused("/v1/messages?limit=5&q=%C3%A9&cursor=abc%3D")).isNull();
        assertThat(refused("/v1/agents/a-1_2.3")).isNull();
        assertThat(refused("/v1/messages?q=a;b"))
                .as("a ';' in the query is plain data")
                .isNull();
        assertThat(refused("/v1/agents/%2500"))
                .as("an encoded '%' followed by 00 is not NUL")
                .isNull();
    }

    @Test
    void corsAllowsExactlyTheListedOrigins() {
        CorsPolicy cors = CorsPolicy.parse(" https://council.example , http://localhost:5173,");
        assertThat(cors.allows("https://council.example")).isTrue();
        assertThat(cors.allows("http://localhost:5173")).isTrue();
        assertThat(cors.allows("https://council.example.evil")).isFalse();
        assertThat(cors.allows("http://council.example")).isFalse();
        assertThat(cors.allows(null)).isFalse();
        assertThat(CorsPolicy.parse("").allows("https://council.example")).isFalse();
        assertThat(CorsPolicy.parse(null).allows("null")).isFalse();
    }

    @Test
    void corsRefusesWildcardsAndNonOriginsNamingTheVar() {
        assertThatThrownBy(() -> CorsPolicy.parse("*"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CORS_ALLOWED_ORIGINS")
                .hasMessageContaining("'*'");
        assertThatThrownBy(() -> CorsPolicy.parse("https://a.example/app")).hasMessageContaining("no path");
        assertThatThrownBy(() -> CorsPolicy.parse("a.example")).hasMessageContaining("CORS_ALLOWED_ORIGINS");
        assertThatThrownBy(() -> CorsPolicy.parse("https://")).hasMessageContaining("CORS_ALLOWED_ORIGINS");
    }
}

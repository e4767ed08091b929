package org.sacredcouncil.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.Origin;

class EdgeConfigTest {

    private static EdgeConfig config(Map<String, String> vars) {
        return EdgeConfig.from(vars::get);
    }

    @Test
    void defaultsWhenNothingIsSet() {
        EdgeConfig c = config(Map.of());
        assertThat(c.fallbackOrigins()).isEmpty();
        assertThat(c.edgeSecret()).isNull();
        assertThat(c.fieldMemoryTtlMillis()).isEqualTo(5_000);
        assertThat(c.kvCacheTtlSeconds()).isEqualTo(60);
        assertThat(c.kvFreshMillis()).isEqualTo(60_000);
        assertThat(c.pause().coherenceThreshold()).isEqualTo(0.3);
        assertThat(c.ejection().failuresToEject()).isEqualTo(3);
        assertThat(c.ejection().ejectionMillis()).isEqualTo(30_000);
        // docs/contracts.md#edge-config
        assertThat(c.cors().allows("https://anything.example")).isFalse();
        assertThat(c.clientBodyTimeoutMillis()).isEqualTo(10_000);
        assertThat(c.requestDeadlineMillis()).isEqualTo(15_000);
        assertThat(c.retryBudgetPercent()).isEqualTo(20);
        assertThat(c.pause().rateLimitedPauseMillis()).isEqualTo(10_000);
    }

    @Test
    void readsTheHardeningVars() {
        EdgeConfig c = config(Map.of(
                "CORS_ALLOWED_ORIGINS",
                "https://a.example",
                "CLIENT_BODY_TIMEOUT_MS",
                "500",
                "REQUEST_DEADLINE_MS",
                "900",
                "RETRY_BUDGET_PERCENT",
                "12.5",
                "PAUSE_RATE_LIMITED_MS",
                "2000"));
        assertThat(c.cors().allows("https://a.example")).isTrue();
        assertThat(c.clientBodyTimeoutMillis()).isEqualTo(500);
        assertThat(c.requestDeadlineMillis()).isEqualTo(900);
        assertThat(c.retryBudgetPercent()).isEqualTo(12.5);
        assertThat(c.pause().rateLimitedPauseMillis()).isEqualTo(2_000);
        assertThatThrownBy(() -> config(Map.of("RETRY_BUDGET_PERCENT", "101")))
                .hasMessageContaining("RETRY_BUDGET_PERCENT");
        assertThatThrownBy(() -> config(Map.of("CLIENT_BODY_TIMEOUT_MS", "0")))
                .hasMessageContaining("CLIENT_BODY_TIMEOUT_MS");
    }

    @Test
    void readsOriginsWithDefaultsForHealthAndCoherence() {
        EdgeConfig c = config(
                Map.of(
                        "ORIGINS",
                        "[{\"id\":\"eu\",\"url\":\"https://eu.example\",\"region\":\"europe-west1\"},"
                                + "{\"id\":\"us\",\"url\":\"https://us.example/\",\"region\":\"us-central1\",\"coherence\":0.7}]"));
        assertThat(c.fallbackOrigins())
                .containsExactly(
                        new Origin("eu", "https://eu.example", "europe-west1", true, 0.5),
                        new Origin("us", "https://us.example/", "us-central1", true, 0.7));
    }

    @Test
    void badOriginsNameTheVarAndTheField() {
        assertThatThrownBy(() -> config(Map.of("ORIGINS", "{}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ORIGINS: must be a JSON array");
        assertThatThrownBy(() -> config(Map.of("ORIGINS", "[1]"))).hasMessageContaining("ORIGINS[0]");
        assertThatThrownBy(() -> config(Map.of("ORIGINS", "[{\"id\":\"x\"}]"))).hasMessageContaining("ORIGINS[0].url");
        assertThatThrownBy(() -> config(Map.of("ORIGINS", "[{\"id\":\"x\",\"url\":\"ftp://x\"}]")))
                .hasMessageContaining("ORIGINS[0]")
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> config(Map.of("ORIGINS", "[{"))).hasMessageContaining("ORIGINS: malformed JSON");
    }

    @Test
    void numbersAreCheckedAgainstTheirRange() {
        assertThatThrownBy(() -> config(Map.of("FIELD_KV_CACHE_TTL_S", "30")))
                .hasMessageContaining("FIELD_KV_CACHE_TTL_S")
                .hasMessageContaining("[60,");
        assertThatThrownBy(() -> config(Map.of("FIELD_MEMORY_TTL_MS", "soon")))
                .hasMessageContaining("FIELD_MEMORY_TTL_MS: must be a whole number");
        assertThatThrownBy(() -> config(Map.of("PAUSE_COHERENCE_THRESHOLD", "1.5")))
                .hasMessageContaining("PAUSE_COHERENCE_THRESHOLD");
        assertThat(config(Map.of("PAUSE_COHERENCE_THRESHOLD", " 0.45 ")).pause().coherenceThreshold())
                .isEqualTo(0.45);
        assertThat(config(Map.of("EJECT_SECONDS", "2")).ejection().ejectionMillis())
                .isEqualTo(2_000);
    }

    @Test
    void anEmptySecretMeansNoSigning() {
        assertThat(config(Map.of("EDGE_SECRET", "")).edgeSecret()).isNull();
        assertThat(config(Map.of("EDGE_SECRET", "s")).edgeSecret()).isEqualTo("s");
    }
}

package org.sacredcouncil.edge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.pause.PauseConfig;
import org.sacredcouncil.core.routing.OutlierEjection;
import org.sacredcouncil.core.routing.RoutingPolicy;
import org.sacredcouncil.edge.http.CorsPolicy;

/**
 * The edge's settings, read once per isolate from the Worker's vars (all optional but {@code ORIGINS} when
 * the field state names no origins). A bad value fails loudly, naming the var, instead of falling back
 * silently.
 */
public record EdgeConfig(
        List<Origin> fallbackOrigins,
        String edgeSecret,
        long fieldMemoryTtlMillis,
        int kvCacheTtlSeconds,
        long kvFreshMillis,
        long maxStaleMillis,
        int originTimeoutMillis,
        long maxBodyBytes,
        PauseConfig pause,
        OutlierEjection ejection,
        RoutingPolicy routing,
        CorsPolicy cors,
        int clientBodyTimeoutMillis,
        int requestDeadlineMillis,
        double retryBudgetPercent,
        long probeIntervalMillis,
        int probeTimeoutMillis,
        String metricsToken) {

    /** KV refuses a {@code cacheTtl} below 60 seconds. */
    public static final int KV_MIN_CACHE_TTL_SECONDS = 60;

    public static EdgeConfig from(Function<String, String> vars) {
        PauseConfig pd = PauseConfig.DEFAULT;
        RoutingPolicy rd = RoutingPolicy.DEFAULT;
        try {
            return new EdgeConfig(
                    origins(vars.apply("ORIGINS")),
                    emptyToNull(vars.apply("EDGE_SECRET")),
                    integer(vars, "FIELD_MEMORY_TTL_MS", 5_000, 0, 3_600_000),
                    (int) integer(vars, "FIELD_KV_CACHE_TTL_S", 60, KV_MIN_CACHE_TTL_SECONDS, 31_536_000),
                    integer(vars, "FIELD_KV_FRESH_S", 60, 0, 86_400) * 1000,
                    integer(vars, "FIELD_MAX_STALE_S", 86_400, 0, 31_536_000) * 1000,
                    (int) integer(vars, "ORIGIN_TIMEOUT_MS", 10_000, 1, 300_000),
                    integer(vars, "MAX_BODY_BYTES", 65_536, 0, 100L * 1024 * 1024),
                    new PauseConfig(
                            number(vars, "PAUSE_COHERENCE_THRESHOLD", pd.coherenceThreshold(), 0, 1),
                            integer(vars, "PAUSE_CLIENT_MS", pd.clientPauseMillis(), 1, 3_600_000),
                            integer(vars, "PAUSE_LOW_COHERENCE_MS", pd.lowCoherencePauseMillis(), 1, 3_600_000),
                            integer(vars, "PAUSE_NO_ORIGIN_MS", pd.noOriginPauseMillis(), 1, 3_600_000),
                            number(vars, "PAUSE_JITTER", pd.jitterFraction(), 0, 0.99),
                            integer(vars, "PAUSE_MAX_MS", pd.maxPauseMillis(), 1, 3_600_000),
                            integer(vars, "PAUSE_RATE_LIMITED_MS", pd.rateLimitedPauseMillis(), 1, 3_600_000)),
                    new OutlierEjection(
                            (int) integer(vars, "EJECT_AFTER_FAILURES", 3, 1, 1000),
                            integer(vars, "EJECT_SECONDS", 30, 0, 86_400) * 1000),
                    new RoutingPolicy(
                            number(vars, "REGION_AFFINITY", rd.regionAffinity(), 1, 1000),
                            number(vars, "LATENCY_BUDGET_MS", rd.latencyBudgetMillis(), 1, 600_000),
                            rd.inFlightPenalty()),
                    CorsPolicy.parse(vars.apply("CORS_ALLOWED_ORIGINS")),
                    (int) integer(vars, "CLIENT_BODY_TIMEOUT_MS", 10_000, 1, 300_000),
                    (int) integer(vars, "REQUEST_DEADLINE_MS", 15_000, 1, 600_000),
                    number(vars, "RETRY_BUDGET_PERCENT", 20, 0, 100),
                    // docs/observability.md#origin-health: 0 switches probing off (the passive rule alone)
                    integer(vars, "PROBE_INTERVAL_MS", 10_000, 0, 3_600_000),
                    (int) integer(vars, "PROBE_TIMEOUT_MS", 2_000, 1, 60_000),
                    emptyToNull(vars.apply("METRICS_TOKEN")));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    /** {@code ORIGINS}: a JSON array of {id, url, region}; health and coherence default to true and 0.5. */
    static List<Origin> origins(String json) {
        if (json == null || json.trim().isEmpty()) {
            return List.of();
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(json);
        } catch (JsonException e) {
            throw new ConfigException("ORIGINS: " + e.getMessage());
        }
        if (!(parsed instanceof List)) {
            throw new ConfigException("ORIGINS: must be a JSON array of {id, url, region}");
        }
        List<?> items = (List<?>) parsed;
        List<Origin> origins = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String path = "ORIGINS[" + i + "]";
            if (!(item instanceof Map)) {
                throw new ConfigException(path + ": must be an object {id, url, region}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) item;
            try {
                origins.add(FieldStateJson.originFromJson(new JsonObject(fields, path)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        e.getMessage().startsWith("field ") ? e.getMessage() : path + ": " + e.getMessage());
            }
        }
        return List.copyOf(origins);
    }

    private static long integer(Function<String, String> vars, String name, long fallback, long min, long max) {
        String text = vars.apply(name);
        if (text == null || text.trim().isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": must be a whole number, was '" + text + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + ": must be within [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    private static double number(Function<String, String> vars, String name, double fallback, double min, double max) {
        String text = vars.apply(name);
        if (text == null || text.trim().isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": must be a number, was '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(name + ": must be within [" + min + ", " + max + "], was " + text);
        }
        return value;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

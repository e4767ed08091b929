package org.sacredcouncil.functions.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every environment variable the functions read, in one place. Each is read with a literal
 * {@code System.getenv("NAME")} so that Terraform's offline check can grep the names.
 *
 * <p>Several invokers share one JVM in tests and a JVM cannot change its own environment, so a test may
 * put values in {@link #override}; they win over the environment. Production never calls it.
 */
public final class FunctionConfig {

    public static final String DEFAULT_PROJECT = "sacred-council-local";
    public static final String DEFAULT_CF_API_BASE_URL = "https://api.cloudflare.com/client/v4";

    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();

    private FunctionConfig() {}

    /** For tests that run functions in-process: values that take the place of environment variables. */
    public static void override(Map<String, String> values) {
        values.forEach((k, v) -> {
            if (v == null) {
                OVERRIDES.remove(k);
            } else {
                OVERRIDES.put(k, v);
            }
        });
    }

    private static String pick(String name, String fromEnvironment) {
        String value = OVERRIDES.containsKey(name) ? OVERRIDES.get(name) : fromEnvironment;
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String pick(String name, String fromEnvironment, String fallback) {
        String value = pick(name, fromEnvironment);
        return value == null ? fallback : value;
    }

    public static String projectId() {
        return pick("GOOGLE_CLOUD_PROJECT", System.getenv("GOOGLE_CLOUD_PROJECT"), DEFAULT_PROJECT);
    }

    public static String sacredEventsTopic() {
        return pick("SACRED_EVENTS_TOPIC", System.getenv("SACRED_EVENTS_TOPIC"), "sacred-events");
    }

    public static String coherenceTicksTopic() {
        return pick("COHERENCE_TICKS_TOPIC", System.getenv("COHERENCE_TICKS_TOPIC"), "coherence-ticks");
    }

    public static String deadLetterTopic() {
        return pick("DEAD_LETTER_TOPIC", System.getenv("DEAD_LETTER_TOPIC"), "sacred-events-dead");
    }

    public static String heartRegion() {
        return pick("HEART_REGION", System.getenv("HEART_REGION"), "local");
    }

    /** Null when requests need no edge signature (local development, tests of the API itself). */
    public static String edgeSecret() {
        return pick("EDGE_SECRET", System.getenv("EDGE_SECRET"));
    }

    public static String cloudSqlInstance() {
        return pick("CLOUD_SQL_INSTANCE", System.getenv("CLOUD_SQL_INSTANCE"));
    }

    public static String dbName() {
        return pick("DB_NAME", System.getenv("DB_NAME"), "sacred");
    }

    public static String dbUser() {
        return pick("DB_USER", System.getenv("DB_USER"));
    }

    public static String dbPassword() {
        return pick("DB_PASSWORD", System.getenv("DB_PASSWORD"));
    }

    /** A function instance serves a few concurrent requests: a handful of connections, not dozens. */
    public static int dbPoolSize() {
        return Integer.parseInt(pick("DB_POOL_SIZE", System.getenv("DB_POOL_SIZE"), "4"));
    }

    /**
     * Who migrates the schema (store/Database): {@code on-first-use} (default: the local stack and the tests,
     * a fresh database migrates itself) or {@code deploy} (Terraform's deploy-time step runs
     * {@code SchemaMigrationMain}; a function only checks the version and never runs Flyway).
     */
    public static String dbMigrations() {
        return pick("DB_MIGRATIONS", System.getenv("DB_MIGRATIONS"), "on-first-use");
    }

    public static String databaseUrl() {
        return pick("DATABASE_URL", System.getenv("DATABASE_URL"));
    }

    /** The local cloud exports user and password beside DATABASE_URL under these names. */
    public static String databaseUser() {
        return pick("DATABASE_USER", System.getenv("DATABASE_USER"));
    }

    public static String databasePassword() {
        return pick("DATABASE_PASSWORD", System.getenv("DATABASE_PASSWORD"));
    }

    public static String wisdomModelUrl() {
        return pick("WISDOM_MODEL_URL", System.getenv("WISDOM_MODEL_URL"));
    }

    public static String wisdomModelName() {
        return pick("WISDOM_MODEL_NAME", System.getenv("WISDOM_MODEL_NAME"), "gpt-4o-mini");
    }

    public static String wisdomModelApiKey() {
        return pick("WISDOM_MODEL_API_KEY", System.getenv("WISDOM_MODEL_API_KEY"));
    }

    public static String cfAccountId() {
        return pick("CF_ACCOUNT_ID", System.getenv("CF_ACCOUNT_ID"));
    }

    public static String cfKvNamespaceId() {
        return pick("CF_KV_NAMESPACE_ID", System.getenv("CF_KV_NAMESPACE_ID"));
    }

    public static String cfApiToken() {
        return pick("CF_API_TOKEN", System.getenv("CF_API_TOKEN"));
    }

    public static String cfApiBaseUrl() {
        return pick("CF_API_BASE_URL", System.getenv("CF_API_BASE_URL"), DEFAULT_CF_API_BASE_URL);
    }

    /** JSON array of {"id","url","region"}; empty when unset. */
    public static String fieldOrigins() {
        return pick("FIELD_ORIGINS", System.getenv("FIELD_ORIGINS"), "[]");
    }

    public static String pubsubEmulatorHost() {
        return pick("PUBSUB_EMULATOR_HOST", System.getenv("PUBSUB_EMULATOR_HOST"));
    }

    public static String firestoreEmulatorHost() {
        return pick("FIRESTORE_EMULATOR_HOST", System.getenv("FIRESTORE_EMULATOR_HOST"));
    }

    // ---- event consumers (memory, wisdom, coherence) and the redrive tool

    /** The local push token (docs/contracts.md#push-auth); null on GCP, where IAM checks the push. */
    public static String pushAuthToken() {
        return pick("PUSH_AUTH_TOKEN", System.getenv("PUSH_AUTH_TOKEN"));
    }

    // ---- heart and coherence (regions), heart (key cache)

    /**
     * Comma-separated region ids (docs/contracts.md#regions); null when unset: heart then knows its own
     * region alone, coherence folds every region seen (tests only).
     */
    public static String councilRegions() {
        return pick("COUNCIL_REGIONS", System.getenv("COUNCIL_REGIONS"));
    }

    /**
     * How long heart trusts a cached API-key lookup: a rotated (revoked) key keeps working on other heart
     * instances for at most this long.
     */
    public static int apiKeyCacheSeconds() {
        return Integer.parseInt(pick("API_KEY_CACHE_SECONDS", System.getenv("API_KEY_CACHE_SECONDS"), "10"));
    }

    // ---- heart's GraphQL (docs/graphql.md#limits, #persisted)

    public static int graphqlMaxDepth() {
        return Integer.parseInt(pick("GRAPHQL_MAX_DEPTH", System.getenv("GRAPHQL_MAX_DEPTH"), "8"));
    }

    public static int graphqlMaxComplexity() {
        return Integer.parseInt(pick("GRAPHQL_MAX_COMPLEXITY", System.getenv("GRAPHQL_MAX_COMPLEXITY"), "500"));
    }

    /** Rows of {@code graphql_persisted_queries}; the least recently used beyond it are evicted. */
    public static int graphqlPersistedMax() {
        return Integer.parseInt(pick("GRAPHQL_PERSISTED_MAX", System.getenv("GRAPHQL_PERSISTED_MAX"), "10000"));
    }

    /** {@code max-age} of a public persisted query's answer over GET. */
    public static int graphqlCacheSeconds() {
        return Integer.parseInt(pick("GRAPHQL_CACHE_SECONDS", System.getenv("GRAPHQL_CACHE_SECONDS"), "5"));
    }

    /**
     * The edge's low-coherence pause threshold, which heart applies to GraphQL mutations itself
     * (docs/graphql.md#limits-at-edge): the same variable and default as the Worker's, so both pause alike.
     */
    public static double pauseCoherenceThreshold() {
        return Double.parseDouble(pick("PAUSE_COHERENCE_THRESHOLD", System.getenv("PAUSE_COHERENCE_THRESHOLD"), "0.3"));
    }

    // ---- artifacts (docs/artifacts.md#config): heart

    /** The largest artifact in bytes; the Worker's ARTIFACT_MAX_BYTES must be the same (Terraform sets both). */
    public static long artifactMaxBytes() {
        return Long.parseLong(pick("ARTIFACT_MAX_BYTES", System.getenv("ARTIFACT_MAX_BYTES"), "5242880"));
    }

    /** How many live artifacts one agent may have. */
    public static long artifactQuotaCount() {
        return Long.parseLong(pick("ARTIFACT_QUOTA_COUNT", System.getenv("ARTIFACT_QUOTA_COUNT"), "100"));
    }

    /** How many bytes one agent's live artifacts may take together. */
    public static long artifactQuotaBytes() {
        return Long.parseLong(pick("ARTIFACT_QUOTA_BYTES", System.getenv("ARTIFACT_QUOTA_BYTES"), "52428800"));
    }

    // ---- the live field's feed (docs/live-field.md#feed): memory, wisdom, coherence

    /** The Worker's {@code /internal/hub/feed}; null: no feed (the function behaves as before the hub). */
    public static String hubFeedUrl() {
        return pick("HUB_FEED_URL", System.getenv("HUB_FEED_URL"));
    }

    /** HMAC-SHA256 key shared with the Worker's secret binding of the same name. */
    public static String hubFeedSecret() {
        return pick("HUB_FEED_SECRET", System.getenv("HUB_FEED_SECRET"));
    }

    /** Short: a feed that does not answer must not hold up the event (the next snapshot corrects the hub). */
    public static int hubFeedTimeoutMillis() {
        return Integer.parseInt(pick("HUB_FEED_TIMEOUT_MS", System.getenv("HUB_FEED_TIMEOUT_MS"), "1000"));
    }

    // ---- telemetry (functions/README.md#telemetry): every function

    /** none (default), prometheus (local endpoint) or gcp (Cloud Monitoring + Cloud Trace). */
    public static String telemetryExporter() {
        return pick("TELEMETRY_EXPORTER", System.getenv("TELEMETRY_EXPORTER"), "none");
    }

    /** Port of the local /metrics and /traces endpoint on 127.0.0.1 (prometheus mode); 0 = any free port. */
    public static int telemetryPort() {
        return Integer.parseInt(pick("TELEMETRY_PORT", System.getenv("TELEMETRY_PORT"), "0"));
    }

    // ---------------------------------------------------------------- scaling (docs/scaling.md)

    /** JSON array of the services the scaling step manages, with their baselines and bounds (Terraform). */
    public static String scalingTargets() {
        return pick("SCALING_TARGETS", System.getenv("SCALING_TARGETS"), "[]");
    }

    /** Anything but {@code false} is a dry run: decisions are logged, nothing is sent to Cloud Run. */
    public static boolean scalingDryRun() {
        return !"false".equalsIgnoreCase(pick("SCALING_DRY_RUN", System.getenv("SCALING_DRY_RUN"), "true"));
    }

    public static String scalingQuietHours() {
        return pick("SCALING_QUIET_HOURS", System.getenv("SCALING_QUIET_HOURS"), "22:00-06:00");
    }

    public static String scalingPeakHours() {
        return pick("SCALING_PEAK_HOURS", System.getenv("SCALING_PEAK_HOURS"), "17:00-21:00");
    }

    /** The minutes of the log the message rate is averaged over. */
    public static int scalingRateWindowMinutes() {
        return Integer.parseInt(pick("SCALING_RATE_WINDOW_MINUTES", System.getenv("SCALING_RATE_WINDOW_MINUTES"), "5"));
    }

    /** Local only: the Cloud Run Admin API stand-in ({@code http://127.0.0.1:PORT}, no credentials). */
    public static String cloudRunApiUrl() {
        return pick("CLOUD_RUN_API_URL", System.getenv("CLOUD_RUN_API_URL"));
    }
}

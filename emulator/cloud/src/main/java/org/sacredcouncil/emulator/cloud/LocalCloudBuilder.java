package org.sacredcouncil.emulator.cloud;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

/** Options of a {@link LocalCloud}; every one has a default that works on a fresh machine. */
public final class LocalCloudBuilder {

    private String projectId = LocalCloud.DEFAULT_PROJECT;
    private String bindHost = "127.0.0.1";
    private Path dataDir;
    private int pubsubPort;
    private int firestorePort;
    private int postgresPort;
    private final Map<String, String> pushEndpoints = new LinkedHashMap<>();
    private PushFormat pushFormat = PushFormat.CLOUD_EVENT;
    private Duration tickPeriod = Duration.ofMinutes(1);
    private DeliveryPolicy deliveryPolicy = DeliveryPolicy.deployed();
    private String deliveryPolicyOverrideReason;
    private String pushAuthToken;
    private boolean firestoreEnabled = true;
    private boolean postgresEnabled = true;
    private boolean useEnvironment = true;
    private Path rulesFile;
    private String pubsubEmulatorHost;
    private String firestoreEmulatorHost;
    private String databaseUrl;

    LocalCloudBuilder() {
        String project = System.getenv("GOOGLE_CLOUD_PROJECT");
        if (project != null && !project.isBlank()) {
            projectId = project.trim();
        }
    }

    /**
     * Reads the optional settings from the environment: {@code MEMORY_PUSH_URL},
     * {@code WISDOM_PUSH_URL}, {@code COHERENCE_PUSH_URL}, {@code SCALING_PUSH_URL}, {@code LOCAL_CLOUD_TICK_PERIOD},
     * {@code LOCAL_CLOUD_DATA_DIR}, {@code LOCAL_CLOUD_PUSH_FORMAT}, {@code PUSH_AUTH_TOKEN}.
     */
    public LocalCloudBuilder fromEnvironment() {
        return fromSettings(System.getenv());
    }

    LocalCloudBuilder fromSettings(Map<String, String> env) {
        for (Topology.FunctionSubscription fs : Topology.FUNCTION_SUBSCRIPTIONS) {
            String url = env.get(fs.endpointEnv());
            if (url != null && !url.isBlank()) {
                pushEndpoint(fs.subscription(), url.trim());
            }
        }
        if (env.get("LOCAL_CLOUD_TICK_PERIOD") != null) {
            tickPeriod(parseDuration(env.get("LOCAL_CLOUD_TICK_PERIOD")));
        }
        if (env.get("LOCAL_CLOUD_DATA_DIR") != null
                && !env.get("LOCAL_CLOUD_DATA_DIR").isBlank()) {
            dataDir(Path.of(env.get("LOCAL_CLOUD_DATA_DIR")));
        }
        if (env.get("LOCAL_CLOUD_PUSH_FORMAT") != null) {
            pushFormat(PushFormat.fromAttribute(env.get("LOCAL_CLOUD_PUSH_FORMAT")));
        }
        if (env.get("PUSH_AUTH_TOKEN") != null && !env.get("PUSH_AUTH_TOKEN").isBlank()) {
            pushAuthToken(env.get("PUSH_AUTH_TOKEN").trim());
        }
        return this;
    }

    /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code off}/{@code 0}, or ISO-8601 ({@code PT1M}). */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("off") || t.equals("0")) {
                return Duration.ZERO;
            }
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            throw new NumberFormatException(t);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("Not a duration: \"" + text + "\" (use 60s, 500ms, 2m, off or PT1M)");
        }
    }

    public LocalCloudBuilder projectId(String projectId) {
        this.projectId = Objects.requireNonNull(projectId);
        return this;
    }

    public LocalCloudBuilder bindHost(String bindHost) {
        this.bindHost = Objects.requireNonNull(bindHost);
        return this;
    }

    /** Keep PostgreSQL's data under this folder across runs (default: a temporary folder, wiped). */
    public LocalCloudBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /** 0 (the default) picks a free port. */
    public LocalCloudBuilder pubsubPort(int port) {
        this.pubsubPort = requirePort(port);
        return this;
    }

    public LocalCloudBuilder firestorePort(int port) {
        this.firestorePort = requirePort(port);
        return this;
    }

    public LocalCloudBuilder postgresPort(int port) {
        this.postgresPort = requirePort(port);
        return this;
    }

    /** Push endpoint of one subscription, e.g. {@code memory-sacred-events} → the memory function's URL. */
    public LocalCloudBuilder pushEndpoint(String subscriptionId, String url) {
        pushEndpoints.put(Objects.requireNonNull(subscriptionId), Objects.requireNonNull(url));
        return this;
    }

    public LocalCloudBuilder memoryPushUrl(String url) {
        return pushEndpoint(Topology.MEMORY_SUBSCRIPTION, url);
    }

    public LocalCloudBuilder wisdomPushUrl(String url) {
        return pushEndpoint(Topology.WISDOM_SUBSCRIPTION, url);
    }

    public LocalCloudBuilder coherencePushUrl(String url) {
        return pushEndpoint(Topology.COHERENCE_SUBSCRIPTION, url);
    }

    /** The scaling step's subscription on the ticks; without it there is none (docs/scaling.md#locally). */
    public LocalCloudBuilder scalingPushUrl(String url) {
        return pushEndpoint(Topology.SCALING_SUBSCRIPTION, url);
    }

    /** CloudEvent binary mode (the default, as Eventarc) or the classic push JSON. */
    public LocalCloudBuilder pushFormat(PushFormat format) {
        this.pushFormat = Objects.requireNonNull(format);
        return this;
    }

    /** How often the scheduler publishes to coherence-ticks; {@link Duration#ZERO} turns it off. */
    public LocalCloudBuilder tickPeriod(Duration period) {
        if (period.isNegative() || (!period.isZero() && period.toMillis() < 100)) {
            throw new IllegalArgumentException("tick period must be off (0) or at least 100 ms, got " + period);
        }
        this.tickPeriod = period;
        return this;
    }

    /**
     * Replaces the deployed delivery policy ({@code terraform/delivery-policy.json}, the default) for this
     * local cloud, e.g. a test that must see retries or dead-lettering within seconds. The reason is
     * required and logged at start, so that no shortened backoff goes unexplained
     * (docs/contracts.md#delivery-policy); {@code DeliveryPolicyTest} proves the default is the file's.
     */
    public LocalCloudBuilder deliveryPolicyOverride(DeliveryPolicy policy, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a delivery policy override must say why");
        }
        this.deliveryPolicy = Objects.requireNonNull(policy);
        this.deliveryPolicyOverrideReason = reason.trim();
        return this;
    }

    /**
     * Every function subscription sends {@code Authorization: Bearer <token>} (docs/contracts.md#push-auth);
     * null (the default) sends none. Default: {@code PUSH_AUTH_TOKEN} with {@link #fromEnvironment()}.
     */
    public LocalCloudBuilder pushAuthToken(String token) {
        if (token != null) {
            org.sacredcouncil.emulator.pubsub.push.PushAuthorization.bearer(token); // validates
        }
        this.pushAuthToken = token;
        return this;
    }

    public LocalCloudBuilder firestore(boolean enabled) {
        this.firestoreEnabled = enabled;
        return this;
    }

    public LocalCloudBuilder postgres(boolean enabled) {
        this.postgresEnabled = enabled;
        return this;
    }

    /** Security rules for our Firestore emulator (null: none, every caller allowed). */
    public LocalCloudBuilder rulesFile(Path rulesFile) {
        this.rulesFile = rulesFile;
        return this;
    }

    /**
     * With true (the default), servers named by {@code PUBSUB_EMULATOR_HOST},
     * {@code FIRESTORE_EMULATOR_HOST} and {@code DATABASE_URL} are used instead of starting our own.
     */
    public LocalCloudBuilder useEnvironment(boolean use) {
        this.useEnvironment = use;
        return this;
    }

    /** Use this Pub/Sub emulator (host:port) instead of starting ours; default {@code PUBSUB_EMULATOR_HOST}. */
    public LocalCloudBuilder pubsubEmulatorHost(String hostAndPort) {
        this.pubsubEmulatorHost = hostAndPort;
        return this;
    }

    /** Use this Firestore emulator (host:port) instead of starting ours; default {@code FIRESTORE_EMULATOR_HOST}. */
    public LocalCloudBuilder firestoreEmulatorHost(String hostAndPort) {
        this.firestoreEmulatorHost = hostAndPort;
        return this;
    }

    /** Use this PostgreSQL server instead of the embedded one; default {@code DATABASE_URL}. */
    public LocalCloudBuilder databaseUrl(String url) {
        if (url != null) {
            DatabaseUrl.parse(url, null, null); // fail here, not at start, on a malformed URL
        }
        this.databaseUrl = url;
        return this;
    }

    public LocalCloud start() {
        return LocalCloud.start(this);
    }

    private static int requirePort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        return port;
    }

    String projectId() {
        return projectId;
    }

    String bindHost() {
        return bindHost;
    }

    Path dataDir() {
        return dataDir;
    }

    int pubsubPort() {
        return pubsubPort;
    }

    int firestorePort() {
        return firestorePort;
    }

    int postgresPort() {
        return postgresPort;
    }

    Map<String, String> pushEndpoints() {
        return pushEndpoints;
    }

    PushFormat pushFormat() {
        return pushFormat;
    }

    Duration tickPeriod() {
        return tickPeriod;
    }

    DeliveryPolicy deliveryPolicy() {
        return deliveryPolicy;
    }
    /** Why the policy is not the deployed one; null when it is. */
    String deliveryPolicyOverrideReason() {
        return deliveryPolicyOverrideReason;
    }

    String pushAuthToken() {
        return pushAuthToken;
    }

    boolean firestoreEnabled() {
        return firestoreEnabled;
    }

    boolean postgresEnabled() {
        return postgresEnabled;
    }

    boolean useEnvironment() {
        return useEnvironment;
    }

    Path rulesFile() {
        return rulesFile;
    }

    String pubsubEmulatorHost() {
        return pubsubEmulatorHost != null ? pubsubEmulatorHost : fromEnv("PUBSUB_EMULATOR_HOST");
    }

    String firestoreEmulatorHost() {
        return firestoreEmulatorHost != null ? firestoreEmulatorHost : fromEnv("FIRESTORE_EMULATOR_HOST");
    }

    String databaseUrl() {
        return databaseUrl != null ? databaseUrl : fromEnv("DATABASE_URL");
    }

    private String fromEnv(String name) {
        String value = useEnvironment ? System.getenv(name) : null;
        return value == null || value.isBlank() ? null : value.trim();
    }
}

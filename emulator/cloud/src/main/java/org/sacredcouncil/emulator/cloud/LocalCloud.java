package org.sacredcouncil.emulator.cloud;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.pubsub.JsonLog;
import org.sacredcouncil.emulator.pubsub.PubSubClients;
import org.sacredcouncil.emulator.pubsub.PubSubEmulator;
import org.sacredcouncil.emulator.pubsub.push.PushAuthorization;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

/**
 * The local cloud in one object: Pub/Sub (our emulator, or the server in {@code PUBSUB_EMULATOR_HOST})
 * with the topics and subscriptions of docs/architecture.md#events, Firestore (our emulator, or
 * {@code FIRESTORE_EMULATOR_HOST}), PostgreSQL (embedded, or {@code DATABASE_URL}) and the
 * coherence-ticks scheduler. Build it with {@link #builder()}, then {@link LocalCloudBuilder#start()}.
 */
public final class LocalCloud implements AutoCloseable {

    public static final String DEFAULT_PROJECT = "sacred-council-local";
    private static final JsonLog LOG = JsonLog.forComponent("local-cloud");

    private final LocalCloudBuilder options;
    private final PubSubEmulator pubsubEmulator;
    private final String pubsubHost;
    private final PubSubClients pubsub;
    private final TopicAdminClient topicAdmin;
    private final SubscriptionAdminClient subscriptionAdmin;
    private final FirestoreEmulator firestoreEmulator;
    private final String firestoreHost;
    private final String firestoreUnavailable;
    private final PostgresServer postgres;
    private final TickScheduler ticks;
    private final StartupTimes startupTimes;
    private final Map<String, String> pushEndpoints = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private Firestore firestore;
    private boolean closed;

    private LocalCloud(
            LocalCloudBuilder options,
            PubSubEmulator pubsubEmulator,
            String pubsubHost,
            FirestoreEmulator firestoreEmulator,
            String firestoreHost,
            String firestoreUnavailable,
            PostgresServer postgres,
            StartupTimes.Recorder times) {
        this.options = options;
        this.pubsubEmulator = pubsubEmulator;
        this.pubsubHost = pubsubHost;
        this.pubsub = PubSubClients.forHost(pubsubHost);
        this.topicAdmin = pubsub.topicAdmin();
        this.subscriptionAdmin = pubsub.subscriptionAdmin();
        this.firestoreEmulator = firestoreEmulator;
        this.firestoreHost = firestoreHost;
        this.firestoreUnavailable = firestoreUnavailable;
        this.postgres = postgres;
        this.pushEndpoints.putAll(options.pushEndpoints());
        times.time("topology", () -> {
            createTopology();
            return null;
        });
        this.ticks = new TickScheduler(
                topicAdmin,
                TopicName.of(options.projectId(), Topology.COHERENCE_TICKS),
                options.projectId(),
                options.tickPeriod());
        this.startupTimes = times.finish();
        LOG.info(
                "local cloud ready",
                "startupMillis",
                startupTimes.totalMillis(),
                "startup",
                startupTimes.toString(),
                "pubsub",
                pubsubHost,
                "firestore",
                String.valueOf(firestoreHost),
                "postgres",
                postgres == null ? "off" : DatabaseUrl.withoutPassword(postgres.jdbcUrl()),
                "deliveryPolicy",
                options.deliveryPolicy().toString(),
                "pushAuth",
                options.pushAuthToken() == null ? "none" : "bearer token");
        if (options.deliveryPolicyOverrideReason() != null) {
            LOG.warn(
                    "delivery policy is NOT the deployed one (terraform/delivery-policy.json)",
                    "policy",
                    options.deliveryPolicy().toString(),
                    "deployed",
                    DeliveryPolicy.deployed().toString(),
                    "because",
                    options.deliveryPolicyOverrideReason());
        }
        this.shutdownHook = new Thread(this::close, "local-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static LocalCloudBuilder builder() {
        return new LocalCloudBuilder();
    }

    static LocalCloud start(LocalCloudBuilder options) {
        long startNanos = System.nanoTime();
        StartupTimes.Recorder times = new StartupTimes.Recorder(startNanos);
        CompletableFuture<PostgresServer> postgres =
                CompletableFuture.supplyAsync(() -> times.time("postgres", () -> startPostgres(options)));
        CompletableFuture<FirestoreEndpoint> firestore =
                CompletableFuture.supplyAsync(() -> times.time("firestore", () -> startFirestore(options)));
        PubSubEmulator pubsubEmulator = null;
        String pubsubHost = options.pubsubEmulatorHost();
        try {
            if (pubsubHost == null) {
                pubsubEmulator = times.time(
                        "pubsub",
                        () -> PubSubEmulator.start(
                                options.bindHost(), options.pubsubPort(), DataDirectory.pubsub(options.dataDir())));
                pubsubHost = pubsubEmulator.hostAndPort();
            } else {
                LOG.info("using an already running Pub/Sub emulator", "host", pubsubHost);
            }
            FirestoreEndpoint fs = firestore.join();
            PostgresServer pg = postgres.join();
            return new LocalCloud(
                    options, pubsubEmulator, pubsubHost, fs.emulator(), fs.host(), fs.unavailableReason(), pg, times);
        } catch (RuntimeException e) {
            if (pubsubEmulator != null) {
                pubsubEmulator.close();
            }
            postgres.thenAccept(p -> {
                if (p != null) p.close();
            });
            firestore.thenAccept(f -> {
                if (f.emulator() != null) f.emulator().close();
            });
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static PostgresServer startPostgres(LocalCloudBuilder options) {
        if (!options.postgresEnabled()) {
            return null;
        }
        String url = options.databaseUrl();
        if (url != null) {
            LOG.info("using an already running PostgreSQL server (DATABASE_URL)");
            return PostgresServer.external(
                    DatabaseUrl.parse(url, System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD")));
        }
        return PostgresServer.startEmbedded(options.postgresPort(), DataDirectory.postgres(options.dataDir()));
    }

    /** Firestore as found or started: an emulator we own (or null), its host, or why there is none. */
    private record FirestoreEndpoint(FirestoreEmulator emulator, String host, String unavailableReason) {}

    private static FirestoreEndpoint startFirestore(LocalCloudBuilder options) {
        if (!options.firestoreEnabled()) {
            return new FirestoreEndpoint(null, null, "Firestore disabled in this local cloud");
        }
        String existing = options.firestoreEmulatorHost();
        if (existing != null) {
            LOG.info("using an already running Firestore emulator", "host", existing);
            return new FirestoreEndpoint(null, existing, null);
        }
        try {
            // the data directory keeps documents across restarts (write-ahead log, emulator/firestore/README.md);
            // null: in memory only
            FirestoreEmulator emulator = FirestoreEmulator.builder()
                    .host(options.bindHost())
                    .port(options.firestorePort())
                    .rules(options.rulesFile())
                    .dataDirectory(DataDirectory.firestore(options.dataDir()))
                    .start();
            return new FirestoreEndpoint(emulator, emulator.hostAndPort(), null);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(
                    "Firestore emulator unavailable; the rest of the local cloud runs without it",
                    "error",
                    e.toString());
            return new FirestoreEndpoint(null, null, "Firestore emulator unavailable: " + e);
        }
    }

    // ------------------------------------------------------------------ topology

    private void createTopology() {
        for (String topic : Topology.TOPICS) {
            try {
                topicAdmin.createTopic(TopicName.of(projectId(), topic));
            } catch (AlreadyExistsException existing) {
                // a reused emulator (PUBSUB_EMULATOR_HOST) keeps its topics
            }
        }
        for (Topology.FunctionSubscription fs : Topology.FUNCTION_SUBSCRIPTIONS) {
            if (fs.optional() && pushEndpoints.get(fs.subscription()) == null) {
                continue;
            }
            createSubscription(
                    fs.subscription(), fs.topic(), pushEndpoints.get(fs.subscription()), options.pushFormat());
        }
        createSubscription(Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION, Topology.SACRED_EVENTS_DEAD, null, null);
    }

    /** A function subscription with the delivery policy (docs/contracts.md#delivery-policy). */
    private Subscription functionSubscription(
            String subscriptionId, String topicId, String pushUrl, PushFormat format) {
        DeliveryPolicy policy = options.deliveryPolicy();
        Subscription.Builder sub = Subscription.newBuilder()
                .setName(SubscriptionName.of(projectId(), subscriptionId).toString())
                .setTopic(TopicName.of(projectId(), topicId).toString())
                .setAckDeadlineSeconds(policy.ackDeadlineSeconds())
                .setMessageRetentionDuration(
                        Durations.fromSeconds(policy.messageRetention().toSeconds()))
                .setRetryPolicy(RetryPolicy.newBuilder()
                        .setMinimumBackoff(
                                Durations.fromMillis(policy.minimumBackoff().toMillis()))
                        .setMaximumBackoff(
                                Durations.fromMillis(policy.maximumBackoff().toMillis())))
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                        .setDeadLetterTopic(TopicName.of(projectId(), Topology.SACRED_EVENTS_DEAD)
                                .toString())
                        .setMaxDeliveryAttempts(policy.maxDeliveryAttempts()));
        if (pushUrl != null) {
            sub.setPushConfig(pushConfig(pushUrl, format));
        }
        return sub.build();
    }

    /** The push config of a subscription: format, and the bearer token when one is set (docs/contracts.md#push-auth). */
    private PushConfig pushConfig(String url, PushFormat format) {
        PushConfig.Builder push = PushConfig.newBuilder()
                .setPushEndpoint(url)
                .putAttributes(
                        PushFormat.ATTRIBUTE, (format == null ? PushFormat.CLOUD_EVENT : format).attributeValue());
        if (options.pushAuthToken() != null) {
            push.putAttributes(PushAuthorization.ATTRIBUTE, PushAuthorization.bearer(options.pushAuthToken()));
        }
        return push.build();
    }

    private void createSubscription(String subscriptionId, String topicId, String pushUrl, PushFormat format) {
        Subscription sub = topicId.equals(Topology.SACRED_EVENTS_DEAD) && pushUrl == null
                ? Subscription.newBuilder()
                        .setName(
                                SubscriptionName.of(projectId(), subscriptionId).toString())
                        .setTopic(TopicName.of(projectId(), topicId).toString())
                        .setMessageRetentionDuration(Durations.fromSeconds(
                                options.deliveryPolicy().deadLetterRetention().toSeconds()))
                        .build()
                : functionSubscription(subscriptionId, topicId, pushUrl, format);
        try {
            subscriptionAdmin.createSubscription(sub);
        } catch (AlreadyExistsException existing) {
            // kept from an earlier run (data directory) or a reused emulator: deliver as configured now
            setPushEndpoint(subscriptionId, pushUrl, format);
        }
    }

    /**
     * Creates (or re-points) a push subscription with the delivery policy (dead-letter topic
     * {@code sacred-events-dead} after its max attempts, its retry backoff, ack deadline and retention), the
     * push token when set, and CloudEvent binary mode unless {@code format} says otherwise.
     */
    public synchronized String createPushSubscription(
            String subscriptionId, String topicId, String pushUrl, PushFormat format) {
        createSubscription(subscriptionId, topicId, pushUrl, format);
        pushEndpoints.put(subscriptionId, pushUrl);
        return SubscriptionName.of(projectId(), subscriptionId).toString();
    }

    public String createPushSubscription(String subscriptionId, String topicId, String pushUrl) {
        return createPushSubscription(subscriptionId, topicId, pushUrl, options.pushFormat());
    }

    /** Points an existing subscription at {@code pushUrl} (CloudEvent binary mode), or makes it a pull subscription with null. */
    public void setPushEndpoint(String subscriptionId, String pushUrl) {
        setPushEndpoint(subscriptionId, pushUrl, options.pushFormat());
    }

    public synchronized void setPushEndpoint(String subscriptionId, String pushUrl, PushFormat format) {
        subscriptionAdmin.modifyPushConfig(
                SubscriptionName.of(projectId(), subscriptionId),
                pushUrl == null ? PushConfig.getDefaultInstance() : pushConfig(pushUrl, format));
        if (pushUrl == null) {
            pushEndpoints.remove(subscriptionId);
        } else {
            pushEndpoints.put(subscriptionId, pushUrl);
        }
    }

    // ------------------------------------------------------------------ use

    /** Publishes one scheduler tick to {@code coherence-ticks} now; returns its message id. */
    public String publishTick() {
        return ticks.publishTick();
    }

    /**
     * Pulls and acknowledges what is parked on {@code sacred-events-dead} (through
     * {@code sacred-events-dead-inspect}), waiting up to {@code wait} for at least {@code atLeast}.
     */
    @SuppressWarnings("deprecation")
    public List<PubsubMessage> drainDeadLetters(int atLeast, Duration wait) {
        String sub = SubscriptionName.of(projectId(), Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION)
                .toString();
        List<PubsubMessage> drained = new ArrayList<>();
        long end = System.nanoTime() + wait.toNanos();
        do {
            List<ReceivedMessage> batch = subscriptionAdmin
                    .pull(PullRequest.newBuilder()
                            .setSubscription(sub)
                            .setMaxMessages(100)
                            .setReturnImmediately(true)
                            .build())
                    .getReceivedMessagesList();
            if (!batch.isEmpty()) {
                subscriptionAdmin.acknowledge(
                        sub, batch.stream().map(ReceivedMessage::getAckId).toList());
                batch.forEach(m -> drained.add(m.getMessage()));
            } else if (drained.size() < atLeast) {
                sleep(50);
            }
        } while (drained.size() < atLeast && System.nanoTime() < end);
        return drained;
    }

    /** A new official Publisher for one of this project's topics (the caller shuts it down). */
    public Publisher publisher(String topicId) {
        return pubsub.publisher(projectId(), topicId);
    }

    /** The official clients for this local cloud's Pub/Sub; shared, closed with the local cloud. */
    public PubSubClients pubSubClients() {
        return pubsub;
    }

    public TopicAdminClient topicAdmin() {
        return topicAdmin;
    }

    public SubscriptionAdminClient subscriptionAdmin() {
        return subscriptionAdmin;
    }

    /** A shared official Firestore client on this local cloud's emulator (admin: rules do not apply). */
    public synchronized Firestore firestore() {
        if (firestore == null) {
            firestore = FirestoreOptions.newBuilder()
                    .setProjectId(projectId())
                    .setEmulatorHost(firestoreHost())
                    .build()
                    .getService();
        }
        return firestore;
    }

    public DataSource dataSource() {
        return requirePostgres().dataSource();
    }

    // ------------------------------------------------------------------ outages and the backlog

    /**
     * Stops the embedded PostgreSQL (fast shutdown: clients are disconnected, the port refuses connections)
     * and keeps its data for {@link #startPostgres()}: a database outage, for chaos tests.
     */
    public synchronized void stopPostgres() {
        if (postgres == null || !postgres.embedded()) {
            throw new IllegalStateException("only the embedded PostgreSQL can be stopped by the local cloud");
        }
        postgres.stop();
        LOG.warn("PostgreSQL stopped (data kept)", "port", postgres.port());
    }

    /** Starts the embedded PostgreSQL again after {@link #stopPostgres()}: same port, same data. */
    public synchronized void startPostgres() {
        if (postgres == null || !postgres.embedded()) {
            throw new IllegalStateException("only the embedded PostgreSQL can be started by the local cloud");
        }
        postgres.start();
        LOG.info("PostgreSQL started again", "port", postgres.port());
    }

    /** Stops our Firestore emulator serving (the port refuses connections); its documents are kept. */
    public synchronized void stopFirestore() {
        requireOwnFirestore().suspend();
        LOG.warn("Firestore emulator stopped (documents kept)", "host", firestoreHost);
    }

    /** Serves the same documents again on the same port after {@link #stopFirestore()}. */
    public synchronized void startFirestore() {
        requireOwnFirestore().resume();
        LOG.info("Firestore emulator serving again", "host", firestoreHost);
    }

    public boolean postgresRunning() {
        return postgres != null && postgres.running();
    }

    public boolean firestoreServing() {
        return firestoreEmulator != null ? firestoreEmulator.serving() : firestoreHost != null;
    }

    private FirestoreEmulator requireOwnFirestore() {
        if (firestoreEmulator == null) {
            throw new IllegalStateException("only our own Firestore emulator can be stopped by the local cloud");
        }
        return firestoreEmulator;
    }

    /**
     * Unacknowledged messages per function subscription (and the dead-letter inspection one): what a
     * stop of the local cloud now would lose, since our Pub/Sub keeps its messages in memory. Empty when
     * the Pub/Sub emulator is not ours.
     */
    public Map<String, Integer> backlog() {
        Map<String, Integer> backlog = new LinkedHashMap<>();
        if (pubsubEmulator == null) {
            return backlog;
        }
        List<String> subs = new ArrayList<>();
        for (Topology.FunctionSubscription fs : Topology.FUNCTION_SUBSCRIPTIONS) {
            if (!fs.optional() || pushEndpoints.get(fs.subscription()) != null) {
                subs.add(fs.subscription());
            }
        }
        subs.add(Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION);
        for (String sub : subs) {
            try {
                backlog.put(
                        sub,
                        pubsubEmulator.backlog(
                                SubscriptionName.of(projectId(), sub).toString()));
            } catch (RuntimeException deleted) {
                // a test deleted it: nothing there to lose
            }
        }
        return backlog;
    }

    /**
     * Waits until no event of {@code sacred-events} is left unacknowledged by memory or wisdom (ticks do not
     * count: the next tick makes a missed one up), at most {@code bound}. Returns what is left.
     */
    public Map<String, Integer> awaitEventsDelivered(Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        Map<String, Integer> left;
        do {
            left = undeliveredEvents();
            if (left.values().stream().allMatch(n -> n == 0)) {
                return left;
            }
            sleep(200);
        } while (System.nanoTime() < end);
        return left;
    }

    private Map<String, Integer> undeliveredEvents() {
        Map<String, Integer> events = new LinkedHashMap<>(backlog());
        events.remove(Topology.COHERENCE_SUBSCRIPTION);
        events.remove(Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION);
        return events;
    }

    // ------------------------------------------------------------------ where things run

    public String projectId() {
        return options.projectId();
    }

    /** host:port for {@code PUBSUB_EMULATOR_HOST}. */
    public String pubsubHost() {
        return pubsubHost;
    }

    /** host:port for {@code FIRESTORE_EMULATOR_HOST}; fails clearly when Firestore is not available. */
    public String firestoreHost() {
        if (firestoreHost == null) {
            throw new IllegalStateException(firestoreUnavailable);
        }
        return firestoreHost;
    }

    public boolean firestoreAvailable() {
        return firestoreHost != null;
    }

    public String jdbcUrl() {
        return requirePostgres().jdbcUrl();
    }

    public String dbUser() {
        return requirePostgres().user();
    }

    public String dbPassword() {
        return requirePostgres().password();
    }

    /** Whether this local cloud has a PostgreSQL at all (not with {@code --no-postgres}). */
    public boolean postgresAvailable() {
        return postgres != null;
    }

    public boolean postgresEmbedded() {
        return postgres != null && postgres.embedded();
    }

    public Map<String, String> pushEndpoints() {
        return Map.copyOf(pushEndpoints);
    }

    public Duration tickPeriod() {
        return options.tickPeriod();
    }

    /** The delivery policy of the function subscriptions (the deployed one unless overridden). */
    public DeliveryPolicy deliveryPolicy() {
        return options.deliveryPolicy();
    }

    /** Whether the function subscriptions' pushes carry {@code Authorization: Bearer <PUSH_AUTH_TOKEN>}. */
    public boolean pushAuthenticated() {
        return options.pushAuthToken() != null;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    /** Wall time of {@link LocalCloudBuilder#start()}, in milliseconds. */
    public long startupMillis() {
        return startupTimes.totalMillis();
    }

    /** How long each part took to start (they start in parallel), and the total. */
    public StartupTimes startupTimes() {
        return startupTimes;
    }

    /** The variables a function or a test exports to reach this local cloud. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOOGLE_CLOUD_PROJECT", projectId());
        env.put("PUBSUB_EMULATOR_HOST", pubsubHost);
        if (firestoreHost != null) {
            env.put("FIRESTORE_EMULATOR_HOST", firestoreHost);
        }
        if (postgres != null) {
            env.put("DATABASE_URL", postgres.jdbcUrl());
            env.put("DATABASE_USER", postgres.user());
            env.put("DATABASE_PASSWORD", postgres.password());
        }
        return env;
    }

    private PostgresServer requirePostgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is disabled in this local cloud");
        }
        return postgres;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Back to a fresh start: every topic and subscription (and message) of this project deleted and
     * the topology made again, Firestore emptied, the embedded database emptied. An external
     * server (from the environment) keeps its data.
     */
    public synchronized void reset() {
        if (pubsubEmulator != null) {
            pubsubEmulator.reset();
        } else {
            deleteProjectPubSub();
        }
        createTopology();
        if (firestoreEmulator != null) {
            firestoreEmulator.reset();
        }
        if (postgres != null) {
            postgres.reset();
        }
        LOG.info("local cloud reset");
    }

    private void deleteProjectPubSub() {
        String project = "projects/" + projectId();
        subscriptionAdmin
                .listSubscriptions(project)
                .iterateAll()
                .forEach(s -> subscriptionAdmin.deleteSubscription(s.getName()));
        topicAdmin.listTopics(project).iterateAll().forEach(t -> topicAdmin.deleteTopic(t.getName()));
    }

    /** Stops everything this local cloud started (idempotent; also run by a JVM shutdown hook). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        quietly(ticks::close);
        quietly(this::reportLostBacklog);
        if (firestore != null) {
            quietly(firestore::shutdownNow);
        }
        quietly(topicAdmin::shutdownNow);
        quietly(subscriptionAdmin::shutdownNow);
        quietly(pubsub::close);
        if (pubsubEmulator != null) {
            quietly(pubsubEmulator::close);
        }
        if (firestoreEmulator != null) {
            quietly(firestoreEmulator::close);
        }
        if (postgres != null) {
            quietly(postgres::close);
        }
        LOG.info("local cloud stopped");
    }

    /**
     * Without a data directory our Pub/Sub keeps messages in memory only: whatever is unacknowledged now is lost
     * with this process.
     * Say so loudly — on stderr and in the log — rather than let accepted events vanish in silence.
     */
    private void reportLostBacklog() {
        Map<String, Integer> backlog = backlog();
        if (pubsubEmulator != null && pubsubEmulator.persistent()) {
            LOG.info(
                    "unacknowledged messages kept in the data directory for the next start",
                    "backlog",
                    backlog.toString(),
                    "dataDir",
                    String.valueOf(options.dataDir()));
            return;
        }
        int events = backlog.entrySet().stream()
                .filter(e -> Topology.FUNCTION_SUBSCRIPTIONS.stream()
                        .anyMatch(fs -> fs.subscription().equals(e.getKey())
                                && fs.topic().equals(Topology.SACRED_EVENTS)))
                .mapToInt(Map.Entry::getValue)
                .sum();
        int parked = backlog.getOrDefault(Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION, 0);
        if (events == 0 && parked == 0) {
            return;
        }
        String what = "LOST: the local Pub/Sub keeps its backlog in memory only; stopping it now drops "
                + backlog + " unacknowledged messages (" + events + " deliveries of accepted events to memory/wisdom"
                + ", " + parked + " dead letters). Drain first (console: drain) to keep them.";
        LOG.warn(what, "backlog", backlog.toString());
        System.err.println("local-cloud: " + what);
        System.out.println(LOST_PREFIX + "{\"events\":" + events + ",\"deadLetters\":" + parked + "}");
        System.out.flush();
    }

    /** One machine-readable line on stdout when a stop loses messages (the launcher repeats it loudly). */
    public static final String LOST_PREFIX = "COUNCIL_CLOUD_LOST ";

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("shutdown step failed", "error", e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.sacredcouncil.emulator.cloud;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.sacredcouncil.emulator.cloud.run.CloudRunAdminStandIn;
import org.sacredcouncil.emulator.cloud.run.LocalCloudRun;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

/**
 * The one command that starts the local cloud, prints where everything runs and what to export,
 * and stops everything on Ctrl-C (or {@code quit}). Type {@code reset} to start afresh, {@code status}
 * to print the table again.
 */
public final class LocalCloudMain {

    static final int DEFAULT_PUBSUB_PORT = 8085;
    static final int DEFAULT_FIRESTORE_PORT = 8086;
    static final int DEFAULT_POSTGRES_PORT = 54320;

    private LocalCloudMain() {}

    public static void main(String[] args) throws Exception {
        LocalCloudBuilder builder;
        boolean fresh;
        try {
            Options options = Options.parse(args);
            if (options.help) {
                System.out.println(usage());
                return;
            }
            builder = options.builder;
            fresh = options.fresh;
        } catch (IllegalArgumentException e) {
            System.err.println("local-cloud: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (fresh && builder.dataDir() != null) {
            deleteRecursively(builder.dataDir());
        }
        LocalCloud cloud;
        try {
            cloud = builder.start();
        } catch (RuntimeException e) {
            System.err.println(
                    "local-cloud: could not start: " + e.getMessage()
                            + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "")
                            + "\n  a port may be in use: pass --pubsub-port 0 --firestore-port 0 --postgres-port 0 for free ports");
            System.exit(1);
            return;
        }
        // the Cloud Run Admin API stand-in for the scaling step (docs/scaling.md#locally): prints each update
        CloudRunAdminStandIn cloudRun = null;
        try {
            cloudRun = LocalCloudRun.startOrNull(cloud.projectId(), System.getenv("LOCAL_CLOUD_RUN_PORT"), System.out);
        } catch (IOException | RuntimeException e) {
            // optional: the rest of the local cloud does not depend on it
            System.err.println("local-cloud: Cloud Run stand-in not started: " + e.getMessage());
        }
        CloudRunAdminStandIn cloudRunOrNull = cloudRun;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (cloudRunOrNull != null) {
                                cloudRunOrNull.close();
                            }
                            cloud.close();
                            stopped.countDown();
                        },
                        "local-cloud-main-shutdown"));
        printStatus(cloud, System.out);
        if (cloudRun != null) {
            System.out.println(
                    "  Cloud Run    " + cloudRun.endpoint() + "  (Admin API stand-in: export CLOUD_RUN_API_URL="
                            + cloudRun.endpoint() + " for the scaling step)");
        }
        LocalCloudConsole commands =
                new LocalCloudConsole(cloud, System.out, () -> printStatus(cloud, System.out), () -> System.exit(0));
        Thread console = new Thread(() -> commands.run(System.in), "local-cloud-console");
        console.setDaemon(true);
        console.start();
        stopped.await();
    }

    static void printStatus(LocalCloud cloud, PrintStream out) {
        String firestore = cloud.firestoreAvailable() ? cloud.firestoreHost() : "(not available)";
        String postgres;
        if (!cloud.postgresAvailable()) {
            postgres = "(off: --no-postgres)";
        } else {
            postgres = (cloud.postgresEmbedded()
                            ? cloud.jdbcUrl() + "  (embedded)"
                            : DatabaseUrl.withoutPassword(cloud.jdbcUrl()) + "  (DATABASE_URL)")
                    + "  user " + cloud.dbUser();
        }
        out.println();
        out.println("Sacred Council local cloud — ready in " + cloud.startupMillis() + " ms (" + cloud.startupTimes()
                + ")");
        out.println("  project      " + cloud.projectId());
        out.println("  Pub/Sub      " + cloud.pubsubHost());
        out.println("  Firestore    " + firestore);
        out.println("  PostgreSQL   " + postgres);
        out.println("  scheduler    "
                + (cloud.tickPeriod().isZero()
                        ? "off"
                        : "coherence-ticks every " + cloud.tickPeriod().toMillis() + " ms"));
        out.println("  data dir     " + (cloud.dataDir() == null ? "(none: temporary)" : cloud.dataDir()));
        out.println();
        out.println("  subscription                  topic                delivery");
        Map<String, String> endpoints = cloud.pushEndpoints();
        for (Topology.FunctionSubscription fs : Topology.FUNCTION_SUBSCRIPTIONS) {
            String endpoint = endpoints.get(fs.subscription());
            out.printf(
                    "  %-29s %-20s %s%n",
                    fs.subscription(),
                    fs.topic(),
                    endpoint != null
                            ? "push " + endpoint
                            : fs.optional()
                                    ? "none (set " + fs.endpointEnv() + " to create and push)"
                                    : "pull (set " + fs.endpointEnv() + " to push)");
        }
        out.printf(
                "  %-29s %-20s %s%n", Topology.DEAD_LETTER_INSPECT_SUBSCRIPTION, Topology.SACRED_EVENTS_DEAD, "pull");
        out.println();
        out.println("  export:");
        // no password in this table: it often ends up in a log file
        cloud.environment()
                .forEach((k, v) -> out.println(
                        k.endsWith("PASSWORD")
                                ? "    # " + k + " not printed ("
                                        + (cloud.postgresEmbedded()
                                                ? "embedded: the user's name"
                                                : "the one of DATABASE_URL")
                                        + ")"
                                : "    export " + k + "="
                                        + (k.equals("DATABASE_URL") ? DatabaseUrl.withoutPassword(v) : v)));
        out.println();
        out.println("  delivery     " + cloud.deliveryPolicy()
                + (cloud.pushAuthenticated() ? "; pushes carry a bearer token" : ""));
        out.println();
        out.println(
                "  type: status | reset | tick | stop|start postgres | stop|start firestore | backlog | drain | quit");
        out.println(
                "  (Ctrl-C stops everything at once and reports any undelivered message it drops; quit first waits up to "
                        + LocalCloudConsole.QUIT_DRAIN.toSeconds() + " s for memory and wisdom to get every event)");
        out.flush();
    }

    static String usage() {
        return String.join(
                "\n",
                "usage: java -jar emulator-cloud-all.jar [options]",
                "  --project ID             project id (default GOOGLE_CLOUD_PROJECT or " + LocalCloud.DEFAULT_PROJECT
                        + ")",
                "  --host HOST              bind address (default 127.0.0.1)",
                "  --pubsub-port N          default " + DEFAULT_PUBSUB_PORT + " (0 = free port)",
                "  --firestore-port N       default " + DEFAULT_FIRESTORE_PORT,
                "  --postgres-port N        default " + DEFAULT_POSTGRES_PORT,
                "  --data-dir DIR           keep Pub/Sub and PostgreSQL data here across runs (env LOCAL_CLOUD_DATA_DIR)",
                "  --fresh                  wipe --data-dir before starting",
                "  --memory-push-url URL    push memory-sacred-events here (env MEMORY_PUSH_URL)",
                "  --wisdom-push-url URL    push wisdom-sacred-events here (env WISDOM_PUSH_URL)",
                "  --coherence-push-url URL push coherence-ticks-coherence here (env COHERENCE_PUSH_URL)",
                "  --scaling-push-url URL   create coherence-ticks-scaling, pushed here (env SCALING_PUSH_URL)",
                "  --push-format F          cloudevent (default) or pubsub (env LOCAL_CLOUD_PUSH_FORMAT)",
                "  --tick-period P          60s (default), 5s, 500ms, off (env LOCAL_CLOUD_TICK_PERIOD)",
                "  --rules FILE             Firestore security rules for our Firestore emulator",
                "  --no-firestore | --no-postgres",
                "Servers named by PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, DATABASE_URL are used instead of ours.",
                "PUSH_AUTH_TOKEN: the function subscriptions push with Authorization: Bearer <token>.",
                "Delivery policy: terraform/delivery-policy.json as packaged (" + DeliveryPolicy.deployed() + ").");
    }

    /** Command-line flags over environment over defaults. */
    static final class Options {
        final LocalCloudBuilder builder = LocalCloud.builder()
                .pubsubPort(DEFAULT_PUBSUB_PORT)
                .firestorePort(DEFAULT_FIRESTORE_PORT)
                .postgresPort(DEFAULT_POSTGRES_PORT)
                .fromEnvironment();
        boolean fresh;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            Deque<String> rest = new ArrayDeque<>(List.of(args));
            while (!rest.isEmpty()) {
                String flag = rest.poll();
                String value = null;
                int eq = flag.indexOf('=');
                if (flag.startsWith("--") && eq > 0) {
                    value = flag.substring(eq + 1);
                    flag = flag.substring(0, eq);
                }
                switch (flag) {
                    case "--help", "-h" -> o.help = true;
                    case "--fresh" -> o.fresh = true;
                    case "--no-firestore" -> o.builder.firestore(false);
                    case "--no-postgres" -> o.builder.postgres(false);
                    case "--project" -> o.builder.projectId(need(flag, value, rest));
                    case "--host" -> o.builder.bindHost(need(flag, value, rest));
                    case "--pubsub-port" -> o.builder.pubsubPort(port(flag, need(flag, value, rest)));
                    case "--firestore-port" -> o.builder.firestorePort(port(flag, need(flag, value, rest)));
                    case "--postgres-port" -> o.builder.postgresPort(port(flag, need(flag, value, rest)));
                    case "--data-dir" -> o.builder.dataDir(Path.of(need(flag, value, rest)));
                    case "--memory-push-url" -> o.builder.memoryPushUrl(need(flag, value, rest));
                    case "--wisdom-push-url" -> o.builder.wisdomPushUrl(need(flag, value, rest));
                    case "--coherence-push-url" -> o.builder.coherencePushUrl(need(flag, value, rest));
                    case "--scaling-push-url" -> o.builder.scalingPushUrl(need(flag, value, rest));
                    case "--push-format" -> o.builder.pushFormat(PushFormat.fromAttribute(need(flag, value, rest)));
                    case "--tick-period" ->
                        o.builder.tickPeriod(LocalCloudBuilder.parseDuration(need(flag, value, rest)));
                    case "--rules" -> o.builder.rulesFile(Path.of(need(flag, value, rest)));
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return o;
        }

        private static String need(String flag, String value, Deque<String> rest) {
            if (value != null) {
                return value;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return rest.poll();
        }

        private static int port(String flag, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a port number, got " + value);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.sacredcouncil.bench.functions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudBuilder;
import org.sacredcouncil.emulator.cloud.Topology;

/**
 * CPU per request and cold start of each function beside a hello-world on the same invoker, in one run.
 * Every function runs in a JVM of its own ({@code java} + the Functions Framework invoker, as deployed);
 * the local cloud (Pub/Sub and Firestore emulators, embedded PostgreSQL) runs in this JVM, and nothing
 * consumes what the functions publish, so each process's CPU is its own work.
 *
 * <ul>
 *   <li>Cold start: a fresh process → the first 200 on a real request ({@code GET /v1/field} for heart, a
 *       presence event for memory and wisdom, a tick for coherence, a POST for the hello-world); the targets
 *       alternate round by round, median of {@code coldRounds}.</li>
 *   <li>CPU: utime + stime of the whole process from {@code /proc/[pid]/stat} over {@code rounds ×
 *       requests} requests at {@code concurrency} in flight, rounds alternated, after a warm-up that goes on
 *       until the JIT has settled in that process (batches of {@code requests} until its compiler threads
 *       take under {@code -Dbench.jitShare} = 10 % of a batch's CPU, at most {@code -Dbench.maxWarmUpBatches}
 *       = 20): heart {@code POST /v1/messages} (accepted: 202), memory and wisdom one message event per push,
 *       the hello-world the same POST body as heart's. The table gives the ratio to the hello-world beside
 *       the goal, and the same CPU split into the JIT's compiler threads, GC + VM threads and the rest.</li>
 * </ul>
 *
 * <p>{@code -Dbench.before=DIR}: DIR holds another commit's {@code functions/target/classes}; heart, memory
 * and wisdom (and every cold start) run a second time on it, alternated with this build, in the same run.
 *
 * <p>The schema is migrated before the functions start, as the deploy's migration step does
 * ({@code DB_MIGRATIONS=deploy}). The function processes inherit this JVM's environment too (e.g.
 * {@code FIRESTORE_ENABLE_TRACING}).
 *
 * <p>Arguments ({@code requests=0}: cold starts only, {@code coldRounds=0}: CPU only):
 * {@code [requests=400] [concurrency=4] [rounds=3] [coldRounds=3] [jvm options...]}.
 *
 * <p>{@code -Dbench.telemetry=compare}: heart, memory and wisdom run twice in the CPU phase, with
 * {@code TELEMETRY_EXPORTER=none} and with {@code prometheus} (spans kept in memory, metrics recorded, and
 * {@code /metrics} and {@code /traces} scraped once per round inside the measured window, as a scraper would),
 * rounds alternated, so that telemetry's CPU per request is measured beside its absence in the same run.
 */
public final class FunctionCostBenchmark {

    private static final String REGION = "bench-region";

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int coldRounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> jvmOptions = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        LocalCloud cloud = LocalCloud.builder()
                .tickPeriod(LocalCloudBuilder.parseDuration("off"))
                .start();
        try {
            cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, null);
            cloud.setPushEndpoint(Topology.WISDOM_SUBSCRIPTION, null);
            cloud.setPushEndpoint(Topology.COHERENCE_SUBSCRIPTION, null);
            // as after a deploy: the schema is migrated by the deploy's step, the functions only check it
            org.flywaydb.core.Flyway.configure()
                    .dataSource(cloud.dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Map<String, String> env = new HashMap<>(cloud.environment());
            env.put("HEART_REGION", REGION);
            env.put("COUNCIL_REGIONS", REGION);
            env.put("DB_MIGRATIONS", "deploy");
            env.put("TELEMETRY_EXPORTER", "none"); // the default; -Dbench.telemetry=compare adds processes with it on
            FunctionCostBenchmark bench = new FunctionCostBenchmark(env, jvmOptions);
            long t0 = System.nanoTime();
            if (requests > 0) {
                bench.cpu(requests, concurrency, rounds);
            }
            if (coldRounds > 0) {
                bench.coldStarts(coldRounds);
            }
            System.out.printf("%nwhole run %.0f s%n", (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            // printed here: the exit below would otherwise end the JVM before the failure is reported
            e.printStackTrace();
            throw e;
        } finally {
            cloud.close();
            System.exit(0);
        }
    }

    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final Pushes pushes;
    private final HttpClient http =
            HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
    private final AtomicInteger sequence = new AtomicInteger();

    private FunctionCostBenchmark(Map<String, String> env, List<String> jvmOptions) {
        this.env = env;
        this.jvmOptions = jvmOptions;
        this.pushes = new Pushes(env);
    }

    // ------------------------------------------------------------------ CPU per request

    /** One process under load: its name in the tables, the function it is, and the goal it is held to. */
    private record Subject(String name, String function, FunctionProcess process, IntFunction<HttpRequest> load) {

        int expected() {
            return function.equals("heart") || function.equals(PUBLISH_FLOOR) ? 202 : 200;
        }
    }

    /** The goals of issue 15: CPU per request as a multiple of the hello-world's (whole process, steady state). */
    private static final Map<String, Double> CPU_GOALS = Map.of("heart", 2.0, "memory", 1.5, "wisdom", 1.5);

    private static final double COLD_START_GOAL = 1.5;

    /**
     * The official clients alone ({@link PublishFloorFunction}, {@link FirestoreFloorFunction}): what a function
     * pays for one publish or one Firestore call before any of its own code, held against the goal of the
     * function whose request makes that call (heart publishes; memory writes Firestore).
     */
    private static final String PUBLISH_FLOOR = "publishFloor";

    private static final String FIRESTORE_FLOOR = "firestoreFloor";

    private static final Map<String, String> FLOOR_OF = Map.of(PUBLISH_FLOOR, "heart", FIRESTORE_FLOOR, "memory");

    private static final String PUBLISH_FLOOR_NAME = "Pub/Sub client alone (one publish, 202)";

    private static final String FIRESTORE_FLOOR_NAME = "Firestore client alone (one `set`)";

    /**
     * The warm-up goes on, batch by batch of {@code requests}, until the JIT compiler threads take less than
     * this share of a batch's CPU in that process ({@code -Dbench.jitShare}, default 0.10), or for at most
     * {@code -Dbench.maxWarmUpBatches} batches (default 20): a three-minute run is otherwise half JIT.
     */
    private static final double JIT_SHARE = Double.parseDouble(System.getProperty("bench.jitShare", "0.10"));

    private static final int MAX_WARM_UP_BATCHES = Integer.getInteger("bench.maxWarmUpBatches", 20);

    /** {@code -Dbench.before=DIR}: DIR holds another commit's {@code functions/target/classes}, run beside. */
    private static final String BEFORE_CLASSES = System.getProperty("bench.before");

    private static final String BEFORE = " (before)";

    private static final String HELLO = "hello-world (baseline)";

    private void cpu(int requests, int concurrency, int rounds) throws Exception {
        List<Subject> subjects = new ArrayList<>();
        Map<String, Integer> telemetryPorts = new LinkedHashMap<>();
        try {
            FunctionProcess hello = FunctionProcess.start(HelloFunction.class.getName(), env, jvmOptions);
            subjects.add(new Subject(HELLO, "hello", hello, null));
            List<String[]> variants = new ArrayList<>();
            variants.add(new String[] {"", System.getProperty("java.class.path"), "none"});
            if (BEFORE_CLASSES != null) {
                variants.add(new String[] {BEFORE, FunctionProcess.classpathWithFunctions(BEFORE_CLASSES), "none"});
            }
            if (COMPARE_TELEMETRY) {
                variants.add(new String[] {TELEMETRY_ON, System.getProperty("java.class.path"), "prometheus"});
            }
            if (ENV_VARIANT != null) {
                variants.add(new String[] {envVariantSuffix(), System.getProperty("java.class.path"), "none"});
            }
            for (String[] variant : variants) {
                for (String[] f :
                        new String[][] {{"heart", Pushes.HEART}, {"memory", Pushes.MEMORY}, {"wisdom", Pushes.WISDOM}
                        }) {
                    Map<String, String> e = new HashMap<>(env);
                    e.put("TELEMETRY_EXPORTER", variant[2]);
                    if (ENV_VARIANT != null && variant[0].equals(envVariantSuffix())) {
                        e.put(
                                ENV_VARIANT.substring(0, ENV_VARIANT.indexOf('=')),
                                ENV_VARIANT.substring(ENV_VARIANT.indexOf('=') + 1));
                    }
                    if (!variant[2].equals("none")) {
                        int port = freePort();
                        e.put("TELEMETRY_PORT", Integer.toString(port));
                        telemetryPorts.put(f[0] + variant[0], port);
                    }
                    subjects.add(new Subject(
                            f[0] + variant[0], f[0], FunctionProcess.start(f[1], e, jvmOptions, variant[1]), null));
                }
            }
            subjects.add(new Subject(
                    PUBLISH_FLOOR_NAME,
                    PUBLISH_FLOOR,
                    FunctionProcess.start(PublishFloorFunction.class.getName(), env, jvmOptions),
                    null));
            subjects.add(new Subject(
                    FIRESTORE_FLOOR_NAME,
                    FIRESTORE_FLOOR,
                    FunctionProcess.start(FirestoreFloorFunction.class.getName(), env, jvmOptions),
                    null));
            for (Subject s : subjects) {
                awaitListening(s.process());
            }
            Subject firstHeart = subjects.stream()
                    .filter(s -> s.function().equals("heart"))
                    .findFirst()
                    .orElseThrow();
            // keys are rows of the one database, so every heart accepts them
            List<String> keys = registerAgents(firstHeart.process().port, 16);
            List<Subject> loaded = new ArrayList<>();
            for (Subject s : subjects) {
                int port = s.process().port;
                IntFunction<HttpRequest> load =
                        s.function().equals("memory") || s.function().equals("wisdom")
                                ? i -> pushes.event(port, Pushes.message("agent-" + (i % 16), REGION, i))
                                : i -> messagePost(port, keys.get(i % keys.size())); // hello-world: heart's POST
                loaded.add(new Subject(s.name(), s.function(), s.process(), load));
            }
            subjects = loaded;
            warmUp(subjects, requests, concurrency);

            Map<String, Map<String, Double>> threadsBefore = new LinkedHashMap<>();
            Map<String, Double> cpu = new LinkedHashMap<>();
            Map<String, Double> wall = new LinkedHashMap<>();
            for (Subject s : subjects) {
                cpu.put(s.name(), 0.0);
                wall.put(s.name(), 0.0);
                threadsBefore.put(s.name(), s.process().cpuByThreadKind());
            }
            for (int round = 0; round < rounds; round++) {
                for (Subject s : subjects) {
                    double before = s.process().cpuMillis();
                    long start = System.nanoTime();
                    drive(s.name(), s.load(), requests, concurrency, s.expected());
                    if (telemetryPorts.containsKey(s.name())) {
                        scrape(telemetryPorts.get(s.name()));
                    }
                    wall.merge(s.name(), (System.nanoTime() - start) / 1e6, Double::sum);
                    cpu.merge(s.name(), s.process().cpuMillis() - before, Double::sum);
                }
            }
            int total = requests * rounds;
            Map<String, Map<String, Double>> byKind = new LinkedHashMap<>();
            for (Subject s : subjects) {
                byKind.put(
                        s.name(),
                        perRequest(threadsBefore.get(s.name()), s.process().cpuByThreadKind(), total));
            }
            printCpu(subjects, cpu, wall, byKind, total, rounds, requests, concurrency);
        } finally {
            for (Subject s : subjects) {
                s.process().close();
            }
        }
    }

    /**
     * Batches of {@code requests} to every process, alternated, until each one's JIT share of its last batch is
     * below {@link #JIT_SHARE} (a process that settled sits out), at most {@link #MAX_WARM_UP_BATCHES}.
     */
    private void warmUp(List<Subject> subjects, int requests, int concurrency) throws Exception {
        Map<String, Integer> batches = new LinkedHashMap<>();
        Map<String, Double> lastShare = new LinkedHashMap<>();
        List<Subject> warming = new ArrayList<>(subjects);
        long t0 = System.nanoTime();
        for (int batch = 1; batch <= MAX_WARM_UP_BATCHES && !warming.isEmpty(); batch++) {
            for (Subject s : List.copyOf(warming)) {
                Map<String, Double> before = s.process().cpuByThreadKind();
                double cpuBefore = s.process().cpuMillis();
                drive(s.name(), s.load(), requests, concurrency, s.expected());
                double spent = s.process().cpuMillis() - cpuBefore;
                double jit = group(perRequest(before, s.process().cpuByThreadKind(), 1))
                        .get(JIT);
                double share = spent > 0 ? jit / spent : 0;
                batches.put(s.name(), batch);
                lastShare.put(s.name(), share);
                // at least two batches: the first one is all class loading and interpreter
                if (batch >= 2 && share < JIT_SHARE) {
                    warming.remove(s);
                }
            }
        }
        System.out.printf(
                "%nWarm-up (%.0f s): batches of %d requests until the JIT threads took < %.0f %% of a batch's CPU"
                        + " (at most %d batches)%n",
                (System.nanoTime() - t0) / 1e9, requests, 100 * JIT_SHARE, MAX_WARM_UP_BATCHES);
        for (String name : batches.keySet()) {
            System.out.printf(
                    "  %s: %,d requests, JIT %.0f %% of the last batch%s%n",
                    name,
                    batches.get(name) * requests,
                    100 * lastShare.get(name),
                    lastShare.get(name) < JIT_SHARE ? "" : " (not settled)");
        }
    }

    private static final String JIT = "JIT compiler";
    private static final String GC = "GC + VM";
    private static final String WORK = "the other threads (requests, Netty, gRPC, pools)";

    /** Thread kinds in three groups: the JIT's compiler threads, the collector and VM threads, the rest. */
    private static Map<String, Double> group(Map<String, Double> byKind) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(JIT, 0.0);
        out.put(GC, 0.0);
        out.put(WORK, 0.0);
        byKind.forEach((kind, ms) -> {
            String g = kind.contains("CompilerThre") || kind.startsWith("C1 ") || kind.startsWith("C2 ")
                    ? JIT
                    : kind.startsWith("GC ")
                                    || kind.startsWith("G1 ")
                                    || kind.equals("VM Thread")
                                    || kind.startsWith("VM Periodic")
                            ? GC
                            : WORK;
            out.merge(g, ms, Double::sum);
        });
        return out;
    }

    /**
     * The process's CPU less its JIT and GC/VM threads': not the sum of the other threads, since Jetty's pool
     * ends idle request threads (and with them their counts in {@code /proc/[pid]/task}) while the process's
     * total keeps them.
     */
    private static double rest(double total, Map<String, Double> groups) {
        return total - groups.get(JIT) - groups.get(GC);
    }

    private static Map<String, Double> perRequest(Map<String, Double> before, Map<String, Double> after, int n) {
        Map<String, Double> out = new java.util.TreeMap<>();
        after.forEach((kind, ms) -> out.put(kind, (ms - before.getOrDefault(kind, 0.0)) / n));
        return out;
    }

    private void printCpu(
            List<Subject> subjects,
            Map<String, Double> cpu,
            Map<String, Double> wall,
            Map<String, Map<String, Double>> byKind,
            int total,
            int rounds,
            int requests,
            int concurrency)
            throws java.io.IOException {
        double baseline = cpu.get(HELLO) / total;
        double helloWork = rest(baseline, group(byKind.get(HELLO)));
        System.out.println();
        System.out.printf(
                "CPU per request after the warm-up, %,d requests per function (%d rounds × %d, %d in flight),"
                        + " /proc utime+stime of the whole process; load average %s%n",
                total, rounds, requests, concurrency, loadAverage());
        System.out.println("| function | CPU ms per request | × hello-world | goal | JIT ms | GC+VM ms | rest ms"
                + " | rest × hello-world's rest | wall ms per request |");
        System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|");
        for (Subject s : subjects) {
            double perRequest = cpu.get(s.name()) / total;
            Map<String, Double> g = group(byKind.get(s.name()));
            Double goal = CPU_GOALS.get(FLOOR_OF.getOrDefault(s.function(), s.function()));
            double ratio = perRequest / baseline;
            double work = rest(perRequest, g);
            System.out.printf(
                    "| %s | %.3f | %.2f× | %s | %.3f | %.3f | %.3f | %.2f× | %.2f |%n",
                    s.name(),
                    perRequest,
                    ratio,
                    goal == null
                            ? "—"
                            : FLOOR_OF.containsKey(s.function())
                                    ? String.format(
                                            "%s's ≤ %.1f×: %s",
                                            FLOOR_OF.get(s.function()),
                                            goal,
                                            ratio <= goal ? "leaves room" : "already above it")
                                    : String.format("≤ %.1f× %s", goal, ratio <= goal ? "met" : "not met"),
                    g.get(JIT),
                    g.get(GC),
                    work,
                    work / helloWork,
                    wall.get(s.name()) / total);
        }
        if (COMPARE_TELEMETRY) {
            System.out.println();
            System.out.println("Telemetry: CPU per request with it on (prometheus, scraped) ÷ off (none)");
            for (String f : List.of("heart", "memory", "wisdom")) {
                System.out.printf(
                        "  %s: %.3f (%+.1f %%)%n",
                        f, cpu.get(f + TELEMETRY_ON) / cpu.get(f), 100 * (cpu.get(f + TELEMETRY_ON) / cpu.get(f) - 1));
            }
        }
        if (ENV_VARIANT != null) {
            System.out.println();
            System.out.println("With " + ENV_VARIANT + " ÷ without (CPU per request, whole process, same run):");
            for (String f : List.of("heart", "memory", "wisdom")) {
                double ratio = cpu.get(f + envVariantSuffix()) / cpu.get(f);
                System.out.printf("  %s: %.3f (%+.1f %%)%n", f, ratio, 100 * (ratio - 1));
            }
        }
        if (BEFORE_CLASSES != null) {
            System.out.println();
            System.out.println("Before → after (CPU per request, whole process, same run):");
            for (String f : List.of("heart", "memory", "wisdom")) {
                System.out.printf(
                        "  %s: %.3f → %.3f ms (%+.1f %%)%n",
                        f,
                        cpu.get(f + BEFORE) / total,
                        cpu.get(f) / total,
                        100 * (cpu.get(f) / cpu.get(f + BEFORE) - 1));
            }
        }
        System.out.println();
        System.out.println(
                "Where it goes: CPU ms per request by kind of thread (Linux thread names, 15 characters; threads"
                        + " that ended during the rounds, e.g. Jetty's idle qtp threads, are missing here but not from the total)");
        for (Subject s : subjects) {
            StringBuilder line = new StringBuilder("  " + s.name() + ":");
            byKind.get(s.name()).entrySet().stream()
                    .filter(e -> e.getValue() >= 0.005)
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> line.append(String.format(" %s %.3f;", e.getKey(), e.getValue())));
            System.out.println(line);
        }
    }

    static String loadAverage() throws java.io.IOException {
        String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                .split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static final boolean COMPARE_TELEMETRY = "compare".equals(System.getProperty("bench.telemetry"));

    /**
     * {@code -Dbench.env=NAME=VALUE}: heart, memory and wisdom a second time with that variable in their
     * environment (e.g. {@code FIRESTORE_ENABLE_TRACING=false}, read by a library), alternated with the others.
     */
    private static final String ENV_VARIANT = System.getProperty("bench.env");

    private static String envVariantSuffix() {
        return " (" + ENV_VARIANT + ")";
    }

    private static final String TELEMETRY_ON = " (telemetry on)";

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One scrape of each local endpoint, as Prometheus and a trace viewer would (inside the measured round). */
    private void scrape(int port) throws Exception {
        for (String path : List.of("/metrics", "/traces")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
        }
    }

    private List<String> registerAgents(int heart, int n) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + heart + "/v1/agents"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench " + i + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("registration: " + r.statusCode() + " " + r.body());
            }
            keys.add(JsonReader.parseObject(r.body()).string("apiKey"));
        }
        return keys;
    }

    /** heart's accepted write; every body differs (the same body within 120 s is one message). */
    private HttpRequest messagePost(int port, String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"blessing\",\"text\":\"benchmark blessing "
                        + sequence.incrementAndGet() + " for the whole council\"}"))
                .build();
    }

    /**
     * {@code n} requests, {@code concurrency} in flight. A few answers other than {@code expected} (at most 1 %:
     * a dependency's timeout on a machine at load 20+) are reported and the run goes on; more end it.
     */
    private void drive(String name, IntFunction<HttpRequest> requests, int n, int concurrency, int expected)
            throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger unexpected = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        String[] sample = new String[1];
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            all.add(http.sendAsync(requests.apply(i), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != expected) {
                            unexpected.incrementAndGet();
                            sample[0] = e != null ? e.toString() : r.statusCode() + " " + r.body();
                        }
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        if (unexpected.get() > n / 100) {
            throw new IllegalStateException(
                    name + ": " + unexpected.get() + " of " + n + " requests not " + expected + ": " + sample[0]);
        }
        if (unexpected.get() > 0) {
            System.out.printf(
                    "  (%s: %d of %d requests not %d, e.g. %s)%n", name, unexpected.get(), n, expected, sample[0]);
        }
    }

    // ------------------------------------------------------------------ cold start

    private void coldStarts(int rounds) throws Exception {
        String classpath = System.getProperty("java.class.path");
        Map<String, String[]> targets = new LinkedHashMap<>();
        targets.put(HELLO, new String[] {HelloFunction.class.getName(), classpath});
        Map<String, String> functions = new LinkedHashMap<>();
        functions.put("heart (`GET /v1/field`)", Pushes.HEART);
        functions.put("memory (presence event)", Pushes.MEMORY);
        functions.put("wisdom (presence event)", Pushes.WISDOM);
        functions.put("coherence (tick)", Pushes.COHERENCE);
        Map<String, String[]> floors = Map.of(
                "Firestore client alone (one read)", new String[] {FirestoreFloorFunction.class.getName(), classpath},
                "Pub/Sub client alone (one publish)", new String[] {PublishFloorFunction.class.getName(), classpath});
        targets.putAll(new java.util.TreeMap<>(floors));
        functions.forEach((name, target) -> {
            targets.put(name, new String[] {target, classpath});
            if (BEFORE_CLASSES != null) {
                targets.put(
                        name + BEFORE, new String[] {target, FunctionProcess.classpathWithFunctions(BEFORE_CLASSES)});
            }
        });
        Map<String, List<Long>> times = new LinkedHashMap<>();
        targets.keySet().forEach(name -> times.put(name, new ArrayList<>()));
        String loadBefore = loadAverage();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String[]> t : targets.entrySet()) {
                times.get(t.getKey()).add(coldStart(t.getValue()[0], t.getValue()[1]));
            }
        }
        System.out.println();
        System.out.printf(
                "Cold start, fresh process → first 200, median of %d (targets alternated); load average %s → %s%n",
                rounds, loadBefore, loadAverage());
        System.out.println("| function | ms | × hello-world | goal |");
        System.out.println("|---|---:|---:|---|");
        double hello = Figures.medianMillis(times.get(HELLO));
        for (String name : targets.keySet()) {
            double median = Figures.medianMillis(times.get(name));
            double ratio = median / hello;
            System.out.printf(
                    "| %s | %.0f | %.2f× | %s |%n",
                    name,
                    median,
                    ratio,
                    name.equals(HELLO)
                            ? "—"
                            : floors.containsKey(name)
                                    ? String.format(
                                            "floor: %s",
                                            ratio <= COLD_START_GOAL ? "within the goal" : "already above the goal")
                                    : String.format(
                                            "≤ %.1f× %s",
                                            COLD_START_GOAL, ratio <= COLD_START_GOAL ? "met" : "not met"));
        }
    }

    /** Nanoseconds from process start to the first 200. */
    private long coldStart(String target, String classpath) throws Exception {
        try (FunctionProcess p = FunctionProcess.start(target, env, jvmOptions, classpath)) {
            while (true) {
                try {
                    HttpResponse<String> r = http.send(firstRequest(p), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 || r.statusCode() == 202) {
                        return System.nanoTime() - p.startNanos;
                    }
                    throw new IllegalStateException(target + " answered " + r.statusCode() + ": " + r.body());
                } catch (java.io.IOException notListeningYet) {
                    // keep polling
                }
                if (System.nanoTime() - p.startNanos > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException(target + " did not answer 200 within 60 s");
                }
                Thread.sleep(5);
            }
        }
    }

    private HttpRequest firstRequest(FunctionProcess p) {
        if (p.target.equals(Pushes.HEART)) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + "/v1/field"))
                    .GET()
                    .build();
        }
        if (p.target.equals(Pushes.COHERENCE)) {
            return pushes.tick(p.port);
        }
        if (p.target.equals(FirestoreFloorFunction.class.getName())) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + "/"))
                    .GET()
                    .build();
        }
        if (p.target.equals(HelloFunction.class.getName()) || p.target.equals(PublishFloorFunction.class.getName())) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
        }
        return pushes.event(
                p.port,
                new PresenceBeat(UUID.randomUUID().toString(), System.currentTimeMillis(), "cold-agent", REGION));
    }

    private void awaitListening(FunctionProcess p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", p.port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(p.target + " not listening within 60 s");
    }
}

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
 *   <li>CPU: utime + stime from {@code /proc/[pid]/stat} over {@code requests} requests at
 *       {@code concurrency} in flight after a warm-up of the same size, rounds alternated: heart
 *       {@code POST /v1/messages} (accepted: 202), memory and wisdom one message event per push, the
 *       hello-world the same POST body as heart's.</li>
 * </ul>
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

    private void cpu(int requests, int concurrency, int rounds) throws Exception {
        Map<String, FunctionProcess> processes = new LinkedHashMap<>();
        try {
            processes.put(
                    "hello-world (baseline)", FunctionProcess.start(HelloFunction.class.getName(), env, jvmOptions));
            processes.put("heart", FunctionProcess.start(Pushes.HEART, env, jvmOptions));
            processes.put("memory", FunctionProcess.start(Pushes.MEMORY, env, jvmOptions));
            processes.put("wisdom", FunctionProcess.start(Pushes.WISDOM, env, jvmOptions));
            Map<String, Integer> telemetryPorts = new LinkedHashMap<>();
            if (COMPARE_TELEMETRY) {
                for (String[] f :
                        new String[][] {{"heart", Pushes.HEART}, {"memory", Pushes.MEMORY}, {"wisdom", Pushes.WISDOM}
                        }) {
                    Map<String, String> on = new HashMap<>(env);
                    int port = freePort();
                    on.put("TELEMETRY_EXPORTER", "prometheus");
                    on.put("TELEMETRY_PORT", Integer.toString(port));
                    processes.put(f[0] + TELEMETRY_ON, FunctionProcess.start(f[1], on, jvmOptions));
                    telemetryPorts.put(f[0] + TELEMETRY_ON, port);
                }
            }
            for (FunctionProcess p : processes.values()) {
                awaitListening(p);
            }
            List<String> keys = registerAgents(processes.get("heart").port, 16);
            Map<String, IntFunction<HttpRequest>> load = new LinkedHashMap<>();
            int hello = processes.get("hello-world (baseline)").port;
            int heart = processes.get("heart").port;
            int memory = processes.get("memory").port;
            int wisdom = processes.get("wisdom").port;
            load.put("hello-world (baseline)", i -> messagePost(hello, keys.get(i % keys.size())));
            load.put("heart", i -> messagePost(heart, keys.get(i % keys.size())));
            load.put("memory", i -> pushes.event(memory, Pushes.message("agent-" + (i % 16), REGION, i)));
            load.put("wisdom", i -> pushes.event(wisdom, Pushes.message("agent-" + (i % 16), REGION, i)));
            if (COMPARE_TELEMETRY) {
                int heartOn = processes.get("heart" + TELEMETRY_ON).port;
                int memoryOn = processes.get("memory" + TELEMETRY_ON).port;
                int wisdomOn = processes.get("wisdom" + TELEMETRY_ON).port;
                // the same agents: keys are rows of the one database, so both hearts accept them
                load.put("heart" + TELEMETRY_ON, i -> messagePost(heartOn, keys.get(i % keys.size())));
                load.put(
                        "memory" + TELEMETRY_ON,
                        i -> pushes.event(memoryOn, Pushes.message("agent-" + (i % 16), REGION, i)));
                load.put(
                        "wisdom" + TELEMETRY_ON,
                        i -> pushes.event(wisdomOn, Pushes.message("agent-" + (i % 16), REGION, i)));
            }
            Map<String, Map<String, Double>> threadsBefore = new LinkedHashMap<>();
            Map<String, Double> cpu = new LinkedHashMap<>();
            Map<String, Double> wall = new LinkedHashMap<>();
            // compare mode: twice the warm-up, so that the JIT has settled in both (the SDK's code compiles too)
            int warmUp = COMPARE_TELEMETRY ? 2 * requests : requests;
            for (String name : load.keySet()) {
                drive(load.get(name), warmUp, concurrency, name.startsWith("heart") ? 202 : 200);
                cpu.put(name, 0.0);
                wall.put(name, 0.0);
            }
            for (String name : load.keySet()) {
                threadsBefore.put(name, processes.get(name).cpuByThreadKind());
            }
            for (int round = 0; round < rounds; round++) {
                for (String name : load.keySet()) {
                    FunctionProcess p = processes.get(name);
                    double before = p.cpuMillis();
                    long start = System.nanoTime();
                    drive(load.get(name), requests, concurrency, name.startsWith("heart") ? 202 : 200);
                    if (telemetryPorts.containsKey(name)) {
                        scrape(telemetryPorts.get(name));
                    }
                    wall.merge(name, (System.nanoTime() - start) / 1e6, Double::sum);
                    cpu.merge(name, p.cpuMillis() - before, Double::sum);
                }
            }
            int total = requests * rounds;
            double baseline = cpu.get("hello-world (baseline)") / total;
            System.out.println();
            System.out.printf(
                    "CPU per request, %,d requests per function (%d rounds × %d, %d in flight), /proc utime+stime%n",
                    total, rounds, requests, concurrency);
            System.out.println("| function | CPU ms per request | × hello-world | wall ms per request |");
            System.out.println("|---|---:|---:|---:|");
            for (String name : load.keySet()) {
                double perRequest = cpu.get(name) / total;
                System.out.printf(
                        "| %s | %.2f | %.2f | %.2f |%n",
                        name, perRequest, perRequest / baseline, wall.get(name) / total);
            }
            if (COMPARE_TELEMETRY) {
                System.out.println();
                System.out.println("Telemetry: CPU per request with it on (prometheus, scraped) ÷ off (none)");
                for (String f : List.of("heart", "memory", "wisdom")) {
                    System.out.printf(
                            "  %s: %.3f (%+.1f %%)%n",
                            f,
                            cpu.get(f + TELEMETRY_ON) / cpu.get(f),
                            100 * (cpu.get(f + TELEMETRY_ON) / cpu.get(f) - 1));
                }
            }
            System.out.println();
            System.out.println(
                    "Where it goes: CPU ms per request by kind of thread (Linux thread names, 15 characters)");
            for (String name : load.keySet()) {
                Map<String, Double> after = processes.get(name).cpuByThreadKind();
                StringBuilder line = new StringBuilder("  " + name + ":");
                after.entrySet().stream()
                        .map(e -> Map.entry(
                                e.getKey(),
                                (e.getValue() - threadsBefore.get(name).getOrDefault(e.getKey(), 0.0)) / total))
                        .filter(e -> e.getValue() >= 0.01)
                        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                        .forEach(e -> line.append(String.format(" %s %.2f;", e.getKey(), e.getValue())));
                System.out.println(line);
            }
        } finally {
            for (FunctionProcess p : processes.values()) {
                p.close();
            }
        }
    }

    private static final boolean COMPARE_TELEMETRY = "compare".equals(System.getProperty("bench.telemetry"));
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

    private void drive(IntFunction<HttpRequest> requests, int n, int concurrency, int expected) throws Exception {
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
        if (unexpected.get() > 0) {
            throw new IllegalStateException(
                    unexpected.get() + " of " + n + " requests not " + expected + ": " + sample[0]);
        }
    }

    // ------------------------------------------------------------------ cold start

    private void coldStarts(int rounds) throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("hello-world (baseline)", HelloFunction.class.getName());
        targets.put("heart (`GET /v1/field`)", Pushes.HEART);
        targets.put("memory (presence event)", Pushes.MEMORY);
        targets.put("wisdom (presence event)", Pushes.WISDOM);
        targets.put("coherence (tick)", Pushes.COHERENCE);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        targets.keySet().forEach(name -> times.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, String> t : targets.entrySet()) {
                times.get(t.getKey()).add(coldStart(t.getValue()));
            }
        }
        System.out.println();
        System.out.printf("Cold start, fresh process → first 200, median of %d (targets alternated)%n", rounds);
        System.out.println("| function | ms | × hello-world |");
        System.out.println("|---|---:|---:|");
        double hello = Figures.medianMillis(times.get("hello-world (baseline)"));
        for (String name : targets.keySet()) {
            double median = Figures.medianMillis(times.get(name));
            System.out.printf("| %s | %.0f | %.2f |%n", name, median, median / hello);
        }
    }

    /** Nanoseconds from process start to the first 200. */
    private long coldStart(String target) throws Exception {
        try (FunctionProcess p = FunctionProcess.start(target, env, jvmOptions)) {
            while (true) {
                try {
                    HttpResponse<String> r = http.send(firstRequest(p), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
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
        if (p.target.equals(HelloFunction.class.getName())) {
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

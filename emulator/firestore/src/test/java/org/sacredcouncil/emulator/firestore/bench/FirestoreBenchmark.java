package org.sacredcouncil.emulator.firestore.bench;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteBatch;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/**
 * Ours vs Google's emulator in one run, both as separate JVM processes on loopback, driven by the
 * official Java client, phases alternating between the two, medians of the rounds: start-up time to ready ({@code GET /} says Ok), writes/s, point reads/s and
 * a typical query/s (messages of one agent by sentAt desc, limit 20, out of 500).
 *
 * <p>Run: {@code mvn -B -q -Dsc.target=target-x -pl emulator/firestore test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=org.sacredcouncil.emulator.firestore.bench.FirestoreBenchmark}
 * (optional args: seconds per phase, client threads, rounds).
 */
public final class FirestoreBenchmark {
    private static final String PROJECT = "bench";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf(
                "Firestore emulator benchmark: %d rounds, %d s per phase, %d client threads, official Java client%n",
                rounds, seconds, threads);
        List<Target> targets = new ArrayList<>();
        try {
            targets.add(Target.start("ours", oursCommand()));
            if (GoogleFirestoreEmulator.installed()) {
                targets.add(Target.start("google", googleCommand()));
            } else {
                System.out.println("Google's emulator not installed: baseline skipped");
            }
            String[] phases = {"writes", "reads", "queries"};
            // Phases alternate between the emulators round by round, so machine load hits both alike.
            // Round 0 warms both JVMs up (JIT) and is not counted: the first seconds run several times slower.
            for (int r = 0; r <= rounds; r++) {
                for (String phase : phases) {
                    for (Target t : targets) {
                        double v = t.run(phase, seconds, threads);
                        if (r > 0) {
                            t.results
                                    .computeIfAbsent(phase, k -> new ArrayList<>())
                                    .add(v);
                        }
                        System.out.printf(
                                "%s %-7s %-6s %8.0f/s%n", r == 0 ? "warm-up" : "round " + r, phase, t.label, v);
                    }
                }
            }
            System.out.printf(
                    "%n| emulator | start-up to ready (ms) | writes/s | point reads/s | queries/s |%n|---|---:|---:|---:|---:|%n");
            for (Target t : targets) {
                System.out.printf(
                        "| %s | %d | %s | %s | %s |%n",
                        t.label,
                        t.startupMs,
                        fmt(median(t.results.get("writes"))),
                        fmt(median(t.results.get("reads"))),
                        fmt(median(t.results.get("queries"))));
            }
            System.out.println("(medians of " + rounds + " rounds after a warm-up round)");
        } finally {
            targets.forEach(Target::close);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** One emulator process with a client and seeded messages. */
    private static final class Target implements AutoCloseable {
        final String label;
        final Process process;
        final long startupMs;
        final Firestore db;
        final Query typical;
        final AtomicLong seq = new AtomicLong();
        final Map<String, List<Double>> results = new java.util.HashMap<>();

        private Target(String label, Process process, long startupMs, Firestore db) throws Exception {
            this.label = label;
            this.process = process;
            this.startupMs = startupMs;
            this.db = db;
            CollectionReference messages = db.collection("messages");
            WriteBatch batch = db.batch();
            for (int i = 0; i < 500; i++) {
                batch.set(
                        messages.document("m" + i),
                        Map.of(
                                "agentId",
                                "a" + (i % 10),
                                "type",
                                "gratitude",
                                "text",
                                "message " + i,
                                "sentAt",
                                Timestamp.ofTimeSecondsAndNanos(1_700_000_000L + i, 0)));
            }
            batch.commit().get();
            this.typical = messages.whereEqualTo("agentId", "a3")
                    .orderBy("sentAt", Query.Direction.DESCENDING)
                    .limit(20);
        }

        static Target start(String label, List<String> command) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            command.add("--port=" + port);
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            while (!ready(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(label + " exited with " + p.exitValue());
                }
                Thread.sleep(10);
            }
            long startupMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("%s ready in %d ms%n", label, startupMs);
            return new Target(label, p, startupMs, EmulatorClients.admin("127.0.0.1:" + port, PROJECT));
        }

        double run(String phase, int seconds, int threads) throws Exception {
            switch (phase) {
                case "writes":
                    return rate(
                            threads,
                            seconds,
                            () -> db.collection("writes")
                                    .document("w" + seq.incrementAndGet())
                                    .set(Map.of("n", seq.get(), "text", "benchmark write"))
                                    .get());
                case "reads":
                    return rate(
                            threads,
                            seconds,
                            () -> db.collection("messages")
                                    .document("m" + (seq.incrementAndGet() % 500))
                                    .get()
                                    .get());
                default:
                    return rate(threads, seconds, () -> {
                        if (typical.get().get().size() != 20) {
                            throw new IllegalStateException("query returned the wrong number of documents");
                        }
                        return null;
                    });
            }
        }

        @Override
        public void close() {
            db.shutdownNow();
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private static List<String> oursCommand() {
        return new ArrayList<>(
                List.of(java(), "-cp", classPath(), FirestoreEmulator.class.getName(), "--host", "127.0.0.1"));
    }

    private static List<String> googleCommand() {
        return new ArrayList<>(List.of(
                java(),
                "-cp",
                GoogleFirestoreEmulator.jar().toString(),
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                "start",
                "--host=127.0.0.1"));
    }

    /** The project's class path: exec:java runs us in a class loader, not on java.class.path. */
    private static String classPath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl instanceof java.net.URLClassLoader u) {
            List<String> parts = new ArrayList<>();
            for (java.net.URL url : u.getURLs()) {
                try {
                    parts.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(java.io.File.pathSeparator, parts);
        }
        return System.getProperty("java.class.path");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String fmt(double d) {
        return String.format("%,.0f", d);
    }

    interface Op {
        Object run() throws Exception;
    }

    /** Operations per second over {@code seconds}, after a one-second warm-up, with {@code threads} callers. */
    private static double rate(int threads, int seconds, Op op) throws Exception {
        runFor(threads, 1, op);
        return runFor(threads, seconds, op) / (double) seconds;
    }

    private static long runFor(int threads, int seconds, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong count = new AtomicLong();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    op.run();
                    count.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return count.get();
    }

    private static boolean ready(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(500);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }
}

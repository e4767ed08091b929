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
 * official Java client: start-up time to ready ({@code GET /} says Ok), writes/s, point reads/s and
 * a typical query/s (messages of one agent by sentAt desc, limit 20, out of 500).
 *
 * <p>Run: {@code mvn -B -q -Dsc.target=target-x -pl emulator/firestore test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=org.sacredcouncil.emulator.firestore.bench.FirestoreBenchmark}
 * (optional args: seconds per phase, client threads).
 */
public final class FirestoreBenchmark {
    private static final String PROJECT = "bench";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.printf("Firestore emulator benchmark: %d s per phase, %d client threads, official Java client%n", seconds, threads);
        List<String[]> rows = new ArrayList<>();
        rows.add(measure("ours", oursCommand(), seconds, threads));
        if (GoogleFirestoreEmulator.installed()) {
            rows.add(measure("google", googleCommand(), seconds, threads));
        } else {
            System.out.println("Google's emulator not installed: baseline skipped");
        }
        System.out.printf("%n| emulator | start-up to ready (ms) | writes/s | point reads/s | queries/s |%n|---|---:|---:|---:|---:|%n");
        for (String[] r : rows) {
            System.out.printf("| %s | %s | %s | %s | %s |%n", (Object[]) r);
        }
    }

    private static List<String> oursCommand() {
        return new ArrayList<>(List.of(java(), "-cp", classPath(),
                FirestoreEmulator.class.getName(), "--host", "127.0.0.1"));
    }

    private static List<String> googleCommand() {
        return new ArrayList<>(List.of(java(), "-cp", GoogleFirestoreEmulator.jar().toString(),
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "start", "--host=127.0.0.1"));
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

    private static String[] measure(String label, List<String> command, int seconds, int threads) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        command.add("--port=" + port);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (!ready(port)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(label + " exited with " + p.exitValue());
                }
                Thread.sleep(10);
            }
            long startupMs = (System.nanoTime() - t0) / 1_000_000;
            Firestore db = EmulatorClients.admin("127.0.0.1:" + port, PROJECT);
            try {
                CollectionReference messages = db.collection("messages");
                WriteBatch batch = db.batch();
                for (int i = 0; i < 500; i++) {
                    batch.set(messages.document("m" + i), Map.of("agentId", "a" + (i % 10), "type", "gratitude",
                            "text", "message " + i, "sentAt", Timestamp.ofTimeSecondsAndNanos(1_700_000_000L + i, 0)));
                }
                batch.commit().get();
                AtomicLong seq = new AtomicLong();
                Query typical = messages.whereEqualTo("agentId", "a3").orderBy("sentAt", Query.Direction.DESCENDING).limit(20);
                double writes = rate(threads, seconds, () -> db.collection("writes").document("w" + seq.incrementAndGet())
                        .set(Map.of("n", seq.get(), "text", "benchmark write")).get());
                double reads = rate(threads, seconds, () -> db.collection("messages").document("m" + (seq.incrementAndGet() % 500)).get().get());
                double queries = rate(threads, seconds, () -> {
                    if (typical.get().get().size() != 20) {
                        throw new IllegalStateException("query returned the wrong number of documents");
                    }
                    return null;
                });
                System.out.printf("%s: ready in %d ms, %.0f writes/s, %.0f reads/s, %.0f queries/s%n", label, startupMs, writes, reads, queries);
                return new String[] {label, Long.toString(startupMs), fmt(writes), fmt(reads), fmt(queries)};
            } finally {
                db.shutdownNow();
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor();
        }
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
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
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

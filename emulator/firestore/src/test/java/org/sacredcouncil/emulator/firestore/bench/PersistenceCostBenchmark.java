package org.sacredcouncil.emulator.firestore.bench;

import com.google.cloud.firestore.Firestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.persist.SyncPolicy;

/**
 * What persistence costs writers: the same write load (official client, N threads, {@code set()} of a small
 * new document) on an in-memory emulator, one with a data directory and {@code FIRESTORE_EMULATOR_FSYNC=none},
 * and one with the default fsync per commit. Phases alternate between the three; a first round is
 * discarded; medians of the rest. Args: seconds per phase (2), threads (8), rounds (3).
 */
public final class PersistenceCostBenchmark {
    private PersistenceCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> labels = List.of("in memory", "data dir, fsync none", "data dir, fsync per commit");
        List<List<Double>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Path tmp = Files.createTempDirectory("fs-persist-bench");
        try (FirestoreEmulator memory = FirestoreEmulator.builder().start();
                FirestoreEmulator none = FirestoreEmulator.builder()
                        .dataDirectory(tmp.resolve("none"))
                        .syncPolicy(SyncPolicy.NONE)
                        .start();
                FirestoreEmulator commit = FirestoreEmulator.builder()
                        .dataDirectory(tmp.resolve("commit"))
                        .syncPolicy(SyncPolicy.COMMIT)
                        .start()) {
            List<FirestoreEmulator> sides = List.of(memory, none, commit);
            for (int round = 0; round <= rounds; round++) {
                for (int s = 0; s < sides.size(); s++) {
                    double rate = writesPerSecond(sides.get(s).hostAndPort(), seconds, threads);
                    if (round > 0) {
                        results.get(s).add(rate);
                    }
                }
            }
        }
        System.out.printf("%-28s %12s%n", "emulator", "writes/s");
        for (int s = 0; s < labels.size(); s++) {
            List<Double> r = new ArrayList<>(results.get(s));
            r.sort(Comparator.naturalOrder());
            System.out.printf("%-28s %,12.0f   (rounds: %s)%n", labels.get(s), r.get(r.size() / 2), r);
        }
    }

    private static double writesPerSecond(String host, int seconds, int threads) throws Exception {
        Firestore db = EmulatorClients.admin(host, "bench");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        db.collection("w")
                                .document("d" + ids.incrementAndGet())
                                .set(Map.of("n", 1, "s", "payload"))
                                .get();
                        if (counting.get()) {
                            writes.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1000); // in-phase warm-up
            counting.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            counting.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            for (Future<?> f : workers) {
                f.get();
            }
            return writes.get() / elapsed;
        } finally {
            pool.shutdownNow();
            db.shutdownNow();
        }
    }
}

package org.sacredcouncil.emulator.firestore.txn;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/** Contention with the client's default retry budget (5 attempts): no increment may be lost or fail. */
class TransactionContentionTest {

    /**
     * A write issued by another client between a transaction's read and its commit waits for the transaction
     * (the service's lock), so the transaction commits at its first attempt and the write lands after it.
     */
    @Test
    void aWriteBetweenReadAndCommitWaitsForTheTransaction() throws Exception {
        try (FirestoreEmulator emulator = FirestoreEmulator.start("127.0.0.1", 0, null)) {
            Firestore db = EmulatorClients.admin(emulator.hostAndPort(), "interleaved");
            Firestore other = EmulatorClients.admin(emulator.hostAndPort(), "interleaved");
            try {
                DocumentReference doc = db.collection("counters").document("c");
                doc.set(Map.of("n", 0)).get();
                java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicReference<com.google.api.core.ApiFuture<?>> write =
                        new java.util.concurrent.atomic.AtomicReference<>();
                db.runTransaction(tx -> {
                            long n = tx.get(doc).get().getLong("n");
                            if (attempts.incrementAndGet() == 1) {
                                write.set(other.collection("counters")
                                        .document("c")
                                        .set(Map.of("n", 100)));
                                Thread.sleep(300);
                                assertThat(write.get().isDone()).isFalse();
                            }
                            tx.update(doc, "n", n + 1);
                            return null;
                        })
                        .get(60, TimeUnit.SECONDS);
                write.get().get(30, TimeUnit.SECONDS);
                assertThat(attempts.get()).isEqualTo(1);
                assertThat(doc.get().get().getLong("n")).isEqualTo(100);
            } finally {
                db.shutdownNow();
                other.shutdownNow();
            }
        }
    }

    @Test
    void twentyConcurrentIncrementsWithDefaultRetriesAllLand() throws Exception {
        try (FirestoreEmulator emulator = FirestoreEmulator.start("127.0.0.1", 0, null)) {
            Firestore db = EmulatorClients.admin(emulator.hostAndPort(), "contention");
            try {
                DocumentReference counter = db.collection("counters").document("c");
                counter.set(Map.of("n", 0)).get();
                int workers = 20;
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                List<Callable<Object>> tasks = new ArrayList<>();
                for (int i = 0; i < workers; i++) {
                    tasks.add(() -> db.runTransaction(tx -> {
                                long n = tx.get(counter).get().getLong("n");
                                tx.update(counter, "n", n + 1);
                                return null;
                            })
                            .get(60, TimeUnit.SECONDS));
                }
                try {
                    for (Future<Object> f : pool.invokeAll(tasks)) {
                        f.get();
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(counter.get().get().getLong("n")).isEqualTo(workers);
            } finally {
                db.shutdownNow();
            }
        }
    }
}

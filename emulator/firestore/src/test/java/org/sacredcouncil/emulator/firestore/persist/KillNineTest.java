package org.sacredcouncil.emulator.firestore.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.TransactionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/**
 * The documented bound, with a real {@code kill -9} of a child JVM in the middle of a write load: every
 * commit the emulator acknowledged is there after a restart on the same data directory, with the versions
 * {@code read_time} needs; a commit in flight at the kill is either wholly there or wholly absent.
 */
class KillNineTest {
    private static final String PROJECT = "killnine";

    @TempDir
    Path dir;

    @Test
    void acknowledgedCommitsSurviveKillNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> attempted = ConcurrentHashMap.newKeySet();
        com.google.protobuf.Timestamp beforeUpdate;
        try (EmulatorProcess first = EmulatorProcess.start(dir)) {
            Firestore db = EmulatorClients.admin(first.hostAndPort(), PROJECT);
            beforeUpdate = db.collection("v")
                    .document("doc")
                    .set(Map.of("n", 1))
                    .get()
                    .getUpdateTime()
                    .toProto();
            db.collection("v").document("doc").set(Map.of("n", 2)).get();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger next = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    while (running.get()) {
                        String id = "d" + next.getAndIncrement();
                        attempted.add(id);
                        try {
                            // a batch of two: either both land or neither (atomicity across the crash)
                            var batch = db.batch();
                            batch.set(db.collection("w").document(id), Map.of("i", id));
                            batch.set(db.collection("w2").document(id), Map.of("i", id));
                            batch.commit().get(10, TimeUnit.SECONDS);
                            acknowledged.add(id);
                        } catch (Exception failedByTheKill) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            while (acknowledged.size() < 300) {
                Thread.sleep(5);
            }
            first.kill9(); // while the four writers are still committing
            running.set(false);
            writers.shutdown();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            db.shutdownNow();
        }
        assertThat(Files.size(dir.resolve(firstDatabaseFolder()).resolve("wal.log")))
                .isPositive();

        try (EmulatorProcess second = EmulatorProcess.start(dir)) {
            Firestore db = EmulatorClients.admin(second.hostAndPort(), PROJECT);
            try {
                List<String> w = db.collection("w").get().get().getDocuments().stream()
                        .map(DocumentSnapshot::getId)
                        .toList();
                List<String> w2 = db.collection("w2").get().get().getDocuments().stream()
                        .map(DocumentSnapshot::getId)
                        .toList();
                assertThat(w).containsAll(acknowledged);
                assertThat(attempted).containsAll(w);
                assertThat(w2).containsExactlyInAnyOrderElementsOf(w);
                assertThat(db.collection("v").document("doc").get().get().getLong("n"))
                        .isEqualTo(2);
                long past = db.runTransaction(
                                tx -> tx.get(db.collection("v").document("doc"))
                                        .get()
                                        .getLong("n"),
                                TransactionOptions.createReadOnlyOptionsBuilder()
                                        .setReadTime(beforeUpdate)
                                        .build())
                        .get();
                assertThat(past).isEqualTo(1);
                System.out.printf(
                        "kill -9: %d acknowledged, %d attempted, %d recovered%n",
                        acknowledged.size(), attempted.size(), w.size());
                db.collection("after")
                        .document("restart")
                        .set(Map.of("ok", true))
                        .get();
            } finally {
                db.shutdownNow();
            }
            second.stop(); // SIGTERM: compacts
        }
        assertThat(Files.size(dir.resolve(firstDatabaseFolder()).resolve("wal.log")))
                .isZero();

        try (EmulatorProcess third = EmulatorProcess.start(dir)) {
            Firestore db = EmulatorClients.admin(third.hostAndPort(), PROJECT);
            try {
                assertThat(db.collection("w").get().get().size()).isGreaterThanOrEqualTo(acknowledged.size());
                assertThat(db.collection("after")
                                .document("restart")
                                .get()
                                .get()
                                .getBoolean("ok"))
                        .isTrue();
            } finally {
                db.shutdownNow();
            }
        }
    }

    private static String firstDatabaseFolder() {
        return java.net.URLEncoder.encode(
                "projects/" + PROJECT + "/databases/(default)", java.nio.charset.StandardCharsets.UTF_8);
    }
}

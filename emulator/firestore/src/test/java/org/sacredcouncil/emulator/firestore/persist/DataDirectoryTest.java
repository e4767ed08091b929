package org.sacredcouncil.emulator.firestore.persist;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/** Recovery paths a clean stop never exercises: a torn last record, compaction past the size bound. */
class DataDirectoryTest {
    private static final String DB = "projects/p/databases/(default)";

    @TempDir
    Path dir;

    private static void put(Database db, String id, long n) {
        ResourceName name = ResourceName.parseDocument(DB + "/documents/c/" + id);
        long ticket;
        db.commitLock().lock();
        try {
            Timestamp t = db.clock().next();
            StoredDocument old = db.get(name);
            ticket = db.apply(
                    Map.of(
                            name,
                            new StoredDocument(
                                    name,
                                    Map.of(
                                            "n",
                                            Value.newBuilder()
                                                    .setIntegerValue(n)
                                                    .build()),
                                    old == null ? t : old.createTime(),
                                    t)),
                    t);
        } finally {
            db.commitLock().unlock();
        }
        db.journal().awaitDurable(ticket);
    }

    private static Long n(Database db, String id) {
        StoredDocument d = db.get(ResourceName.parseDocument(DB + "/documents/c/" + id));
        return d == null ? null : d.fields().get("n").getIntegerValue();
    }

    private DataDirectory open;

    /**
     * Opens the directory as a fresh process would (nothing shared with earlier registries), after the
     * previous one let go of it as a killed process does (no compaction).
     */
    private Database reopen(long compactAfter) {
        if (open != null) {
            open.abandon();
        }
        DatabaseRegistry registry = new DatabaseRegistry();
        open = DataDirectory.open(dir, registry, SyncPolicy.COMMIT, compactAfter);
        return registry.database(DB);
    }

    @org.junit.jupiter.api.AfterEach
    void letGo() {
        if (open != null) {
            open.abandon();
        }
    }

    @Test
    void aTornLastRecordIsCutAndLaterCommitsFollowTheGoodOnes() throws Exception {
        Database first = reopen(1 << 20);
        put(first, "a", 1);
        put(first, "b", 2);
        // no close: as after a kill; then the start of a record that never finished
        Path log = dir.resolve(java.net.URLEncoder.encode(DB, java.nio.charset.StandardCharsets.UTF_8))
                .resolve(DatabaseLog.LOG);
        long good = Files.size(log);
        try (FileChannel c = FileChannel.open(log, StandardOpenOption.APPEND)) {
            c.write(ByteBuffer.wrap(new byte[] {0, 0, 3, (byte) 0xE8, 1, 2, 3, 4, 5, 6}));
        }
        Database second = reopen(1 << 20);
        assertThat(n(second, "a")).isEqualTo(1);
        assertThat(n(second, "b")).isEqualTo(2);
        assertThat(Files.size(log)).isEqualTo(good);
        put(second, "c", 3);
        Database third = reopen(1 << 20);
        assertThat(n(third, "c")).isEqualTo(3);
        assertThat(n(third, "a")).isEqualTo(1);
    }

    @Test
    void compactionPastTheBoundKeepsEveryDocumentAndVersion() throws Exception {
        Database first = reopen(2048);
        Timestamp afterFirstRound = null;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 100; i++) {
                put(first, "d" + i, round);
            }
            if (round == 0) {
                afterFirstRound = first.clock().last();
            }
        }
        Path folder = dir.resolve(java.net.URLEncoder.encode(DB, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Files.size(folder.resolve(DatabaseLog.LOG))).isLessThan(4096);
        assertThat(Files.size(folder.resolve(DatabaseLog.SNAPSHOT))).isPositive();
        Database second = reopen(2048);
        for (int i = 0; i < 100; i++) {
            assertThat(n(second, "d" + i)).isEqualTo(1);
        }
        StoredDocument past = second.at(afterFirstRound).get(ResourceName.parseDocument(DB + "/documents/c/d7"));
        assertThat(past.fields().get("n").getIntegerValue()).isZero();
    }

    @Test
    void aSecondEmulatorOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        DataDirectory first = DataDirectory.open(dir, new DatabaseRegistry(), SyncPolicy.COMMIT, 1 << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DataDirectory.open(dir, new DatabaseRegistry(), SyncPolicy.COMMIT, 1 << 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another emulator");
        first.close();
        DataDirectory.open(dir, new DatabaseRegistry(), SyncPolicy.COMMIT, 1 << 20)
                .close();
    }
}

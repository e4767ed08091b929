package org.sacredcouncil.emulator.firestore.persist;

import com.google.protobuf.Timestamp;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.CommitJournal;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.store.VersionChain;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/**
 * One database on disk: {@code snapshot.bin} (every retained version as of the last compaction) and
 * {@code wal.log} (every commit since, appended in commit order). Start-up replays the snapshot, then the
 * log up to its first torn record, and cuts the log there. Compaction (when the log passes its size bound,
 * and at close) writes a new snapshot beside the old, fsyncs it, renames it over the old and only then
 * empties the log; a crash at any point leaves either the old snapshot and the whole log, or the new
 * snapshot and a log whose commits it already holds (replaying them again changes nothing).
 */
final class DatabaseLog implements CommitJournal {
    static final String SNAPSHOT = "snapshot.bin";
    static final String LOG = "wal.log";

    private final Path dir;
    private final Database database;
    private final SyncPolicy policy;
    private final long compactAfterBytes;
    private final FileChannel log;
    private final Object syncLock = new Object();
    private volatile long written;
    private long durable;

    private DatabaseLog(Path dir, Database database, SyncPolicy policy, long compactAfterBytes, FileChannel log) {
        this.dir = dir;
        this.database = database;
        this.policy = policy;
        this.compactAfterBytes = compactAfterBytes;
        this.log = log;
    }

    /** Replays what {@code dir} holds into {@code database}, then journals its new commits there. */
    static DatabaseLog open(Path dir, Database database, SyncPolicy policy, long compactAfterBytes) {
        try {
            Files.createDirectories(dir);
            Timestamp[] snapshotTime = {Timestamp.getDefaultInstance()};
            replay(dir.resolve(SNAPSHOT), database, null, snapshotTime);
            // Commits the snapshot already holds (a crash between its rename and the log's truncation) are skipped.
            long good = replay(dir.resolve(LOG), database, snapshotTime[0], null);
            FileChannel log = FileChannel.open(dir.resolve(LOG), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // A torn tail (the record being written when the process died) is cut, so new records follow good ones.
            log.truncate(good);
            log.position(good);
            log.force(true);
            DatabaseLog journal = new DatabaseLog(dir, database, policy, compactAfterBytes, log);
            database.journal(journal);
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Firestore data in " + dir, e);
        }
    }

    /**
     * @param skipUpTo records at or before this time are not applied (null = apply all)
     * @param latest   receives the latest time read (null = not wanted)
     * @return the length of the file's good prefix
     */
    private static long replay(Path file, Database database, Timestamp skipUpTo, Timestamp[] latest)
            throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long good = 0;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = LogRecords.input(raw)) {
            for (LogRecords.Commit c = LogRecords.read(in); c != null; c = LogRecords.read(in)) {
                if (skipUpTo == null || ValueOrder.compareTimestamps(c.time(), skipUpTo) > 0) {
                    database.replay(c.states(), c.time());
                }
                if (latest != null && ValueOrder.compareTimestamps(c.time(), latest[0]) > 0) {
                    latest[0] = c.time();
                }
                good += c.bytes();
            }
        }
        return good;
    }

    @Override
    public long append(String name, Map<ResourceName, StoredDocument> finalStates, Timestamp commitTime) {
        try {
            if (log.position() > compactAfterBytes) {
                // The snapshot holds every commit before this one, whose record then starts the empty log.
                compactLocked(justBefore(commitTime));
            }
            ByteBuffer record = LogRecords.encode(finalStates, commitTime);
            while (record.hasRemaining()) {
                log.write(record);
            }
            return ++written;
        } catch (IOException e) {
            // Not applied in memory either (the caller applies after this returns): the client sees INTERNAL.
            throw new UncheckedIOException("Cannot write the commit to " + dir.resolve(LOG), e);
        }
    }

    @Override
    public void awaitDurable(long ticket) {
        if (ticket < 0 || policy == SyncPolicy.NONE) {
            return;
        }
        synchronized (syncLock) {
            if (durable >= ticket) {
                return; // another waiter's fsync covered this commit
            }
            long upTo = written;
            try {
                log.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot fsync " + dir.resolve(LOG), e);
            }
            durable = upTo;
        }
    }

    /** Writes a snapshot of every retained version and empties the log. */
    void compact() {
        database.commitLock().lock();
        try {
            compactLocked(database.clock().last());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact " + dir, e);
        } finally {
            database.commitLock().unlock();
        }
    }

    private static Timestamp justBefore(Timestamp t) {
        return t.getNanos() > 0
                ? t.toBuilder().setNanos(t.getNanos() - 1).build()
                : Timestamp.newBuilder()
                        .setSeconds(t.getSeconds() - 1)
                        .setNanos(999_999_999)
                        .build();
    }

    /** @param upTo every commit of this database at or before it is applied (and none after) */
    private void compactLocked(Timestamp upTo) throws IOException {
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            // First an empty record at the compaction time: every commit up to it is in this snapshot.
            ByteBuffer header = LogRecords.encode(Map.of(), upTo);
            while (header.hasRemaining()) {
                out.write(header);
            }
            for (Map.Entry<ResourceName, List<VersionChain.Version>> e :
                    database.retainedVersions().entrySet()) {
                for (VersionChain.Version v : e.getValue()) {
                    ByteBuffer record =
                            LogRecords.encode(java.util.Collections.singletonMap(e.getKey(), v.document()), v.time());
                    while (record.hasRemaining()) {
                        out.write(record);
                    }
                }
            }
            out.force(true);
        }
        Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself is durable before the log is emptied
        } catch (IOException ignoredOnFileSystemsWithoutDirectorySync) {
            // Some file systems refuse to open a directory; the rename is still atomic there.
        }
        log.truncate(0);
        log.position(0);
        log.force(true);
        synchronized (syncLock) {
            durable = written;
        }
    }

    void close() {
        try {
            compact();
        } finally {
            try {
                log.close();
            } catch (IOException ignored) {
                // closing after a successful compaction loses nothing
            }
        }
    }

    /** Closes the log without compacting (see {@link DataDirectory#abandon}). */
    void abandon() {
        try {
            log.close();
        } catch (IOException ignored) {
            // as after a kill
        }
    }

    long logBytes() {
        try {
            return log.size();
        } catch (IOException e) {
            return -1;
        }
    }
}

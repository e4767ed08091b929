package org.sacredcouncil.emulator.firestore.persist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;

/**
 * The emulator's data directory: one folder per database (its name URL-encoded, e.g.
 * {@code projects%2Fdemo%2Fdatabases%2F%28default%29}), each a {@link DatabaseLog}. Opening it recovers
 * every database found there; a database first used later gets its folder then.
 */
public final class DataDirectory implements AutoCloseable {
    /** Past this size a database's log is folded into its snapshot (checked at each commit). */
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;

    private final Path root;
    private final SyncPolicy policy;
    private final long compactAfterBytes;
    private final Map<String, DatabaseLog> logs = new ConcurrentHashMap<>();
    private final FileChannel lockFile;
    private final FileLock lock;

    private DataDirectory(Path root, SyncPolicy policy, long compactAfterBytes, FileChannel lockFile, FileLock lock) {
        this.root = root;
        this.policy = policy;
        this.compactAfterBytes = compactAfterBytes;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** Two emulators appending to one log would interleave records: the second is refused (the OS drops the lock of a killed process). */
    private static FileLock exclusive(Path root, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("The Firestore data directory " + root + " is in use by another emulator");
        }
        return lock;
    }

    /** Recovers the databases under {@code root} into {@code registry} and journals every database from now on. */
    public static DataDirectory open(Path root, DatabaseRegistry registry, SyncPolicy policy, long compactAfterBytes) {
        DataDirectory dir;
        try {
            Files.createDirectories(root);
            FileChannel channel =
                    FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dir = new DataDirectory(root, policy, compactAfterBytes, channel, exclusive(root, channel));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the Firestore data directory " + root, e);
        }
        registry.onCreate(dir::attach);
        try {
            try (Stream<Path> children = Files.list(root)) {
                for (Path child : children.filter(Files::isDirectory).toList()) {
                    String name = URLDecoder.decode(child.getFileName().toString(), StandardCharsets.UTF_8);
                    if (name.matches("projects/[^/]+/databases/[^/]+")) {
                        registry.database(name); // created through the factory below: replays the folder
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Firestore data directory " + root, e);
        }
        return dir;
    }

    /** What the registry calls for each database it creates (before the database serves). */
    public void attach(Database db) {
        Path folder = root.resolve(URLEncoder.encode(db.name(), StandardCharsets.UTF_8));
        logs.put(db.name(), DatabaseLog.open(folder, db, policy, compactAfterBytes));
    }

    public Path root() {
        return root;
    }

    public SyncPolicy policy() {
        return policy;
    }

    /** Folds every log into its snapshot. */
    public void compact() {
        for (DatabaseLog l : logs.values()) {
            l.compact();
        }
    }

    /** Bytes in the logs not yet folded into snapshots. */
    public long logBytes() {
        return logs.values().stream().mapToLong(DatabaseLog::logBytes).sum();
    }

    List<String> databases() {
        return List.copyOf(logs.keySet());
    }

    /** Lets go of the files without compacting: what a killed process leaves behind (for recovery tests). */
    void abandon() {
        for (DatabaseLog l : logs.values()) {
            l.abandon();
        }
        logs.clear();
        try {
            lock.release();
            lockFile.close();
        } catch (IOException ignored) {
            // as after a kill
        }
    }

    /** Compacts and closes every log (a clean stop leaves only snapshots to read at the next start). */
    @Override
    public void close() {
        try {
            for (DatabaseLog l : logs.values()) {
                l.close();
            }
            logs.clear();
        } finally {
            try {
                lock.release();
                lockFile.close();
            } catch (IOException ignored) {
                // closing the channel releases the lock in any case
            }
        }
    }
}

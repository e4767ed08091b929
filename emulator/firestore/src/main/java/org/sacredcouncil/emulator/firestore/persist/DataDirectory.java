package org.sacredcouncil.emulator.firestore.persist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private DataDirectory(Path root, SyncPolicy policy, long compactAfterBytes) {
        this.root = root;
        this.policy = policy;
        this.compactAfterBytes = compactAfterBytes;
    }

    /** Recovers the databases under {@code root} into {@code registry} and journals every database from now on. */
    public static DataDirectory open(Path root, DatabaseRegistry registry, SyncPolicy policy, long compactAfterBytes) {
        DataDirectory dir = new DataDirectory(root, policy, compactAfterBytes);
        registry.onCreate(dir::attach);
        try {
            Files.createDirectories(root);
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

    /** Compacts and closes every log (a clean stop leaves only snapshots to read at the next start). */
    @Override
    public void close() {
        for (DatabaseLog l : logs.values()) {
            l.close();
        }
        logs.clear();
    }
}

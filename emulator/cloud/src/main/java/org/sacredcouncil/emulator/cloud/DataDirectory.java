package org.sacredcouncil.emulator.cloud;

import java.nio.file.Path;

/**
 * The layout of the local cloud's data directory ({@code --data-dir}, {@code LOCAL_CLOUD_DATA_DIR}; the
 * launcher's default is {@code .council/data}): one folder per server. Null everywhere means no data
 * directory: every server keeps its state in memory (PostgreSQL in a temporary folder) and loses it at stop.
 */
final class DataDirectory {

    private DataDirectory() {}

    /** The Pub/Sub emulator's journal (emulator/README.md, "Data directory"). */
    static Path pubsub(Path root) {
        return root == null ? null : root.resolve("pubsub");
    }

    /** Embedded PostgreSQL's cluster. */
    static Path postgres(Path root) {
        return root == null ? null : root.resolve("postgres");
    }

    /** For the Firestore emulator's persistence (see the hook in {@code LocalCloud.startFirestore}). */
    static Path firestore(Path root) {
        return root == null ? null : root.resolve("firestore");
    }
}

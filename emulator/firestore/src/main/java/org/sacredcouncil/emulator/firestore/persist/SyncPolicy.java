package org.sacredcouncil.emulator.firestore.persist;

import java.util.Locale;

/**
 * When the write-ahead log is forced to disk. Every commit is written to the log (the operating system's
 * page cache) before the client is answered, so a {@code kill -9} of the emulator never loses an
 * acknowledged commit whatever the policy; the policy decides what a power loss or kernel crash can take.
 */
public enum SyncPolicy {
    /** fsync before answering each commit (commits waiting at once share one fsync): nothing acknowledged is lost. */
    COMMIT,
    /** fsync only at compaction and close: faster; a power loss can take the commits since the last compaction. */
    NONE;

    /** {@code FIRESTORE_EMULATOR_FSYNC}: {@code commit} (default) or {@code none}. */
    public static SyncPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return COMMIT;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "commit":
                return COMMIT;
            case "none":
                return NONE;
            default:
                throw new IllegalArgumentException(
                        "FIRESTORE_EMULATOR_FSYNC must be commit or none, not \"" + value + "\"");
        }
    }
}

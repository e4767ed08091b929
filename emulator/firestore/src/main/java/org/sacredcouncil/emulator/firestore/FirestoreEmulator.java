package org.sacredcouncil.emulator.firestore;

import java.nio.file.Path;

/**
 * PLACEHOLDER agreed between the emulator engineers: the Firestore engineer replaces the body,
 * keeping these signatures, which the local-cloud launcher calls.
 */
public final class FirestoreEmulator implements AutoCloseable {

    /** @param port 0 picks a free port; @param rulesFile null = no rules (all allowed for every caller). */
    public static FirestoreEmulator start(String bindHost, int port, Path rulesFile) {
        throw new UnsupportedOperationException("Firestore emulator not built yet");
    }

    /** "127.0.0.1:PORT", the value for FIRESTORE_EMULATOR_HOST. */
    public String hostAndPort() {
        throw new UnsupportedOperationException();
    }

    public int port() {
        throw new UnsupportedOperationException();
    }

    /** Deletes every document of every project (like the emulator's REST reset). */
    public void reset() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}

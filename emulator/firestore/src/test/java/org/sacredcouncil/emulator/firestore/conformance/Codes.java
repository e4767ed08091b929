package org.sacredcouncil.emulator.firestore.conformance;

/** The gRPC status code name inside a client exception chain. */
public final class Codes {
    private Codes() {}

    public static String of(Throwable t) {
        return ConformanceSuite.codeOf(t);
    }
}

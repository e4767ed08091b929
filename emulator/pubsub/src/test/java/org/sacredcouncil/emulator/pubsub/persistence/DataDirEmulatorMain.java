package org.sacredcouncil.emulator.pubsub.persistence;

import java.nio.file.Path;
import org.sacredcouncil.emulator.pubsub.PubSubEmulator;

/**
 * Our emulator on a data directory in a JVM of its own, for the kill -9 tests: {@code DIR [PORT]} (no port: a
 * free one); prints its port, then waits.
 */
public final class DataDirEmulatorMain {

    private DataDirEmulatorMain() {}

    public static void main(String[] args) throws Exception {
        PubSubEmulator emulator =
                PubSubEmulator.start("127.0.0.1", args.length > 1 ? Integer.parseInt(args[1]) : 0, Path.of(args[0]));
        System.out.println("PORT " + emulator.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}

package org.sacredcouncil.emulator.pubsub.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Our emulator on a data directory in a JVM of its own ({@link DataDirEmulatorMain}), to be killed with SIGKILL. */
final class ChildEmulator implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code port} 0: a free one. */
    static ChildEmulator start(Path dir, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DataDirEmulatorMain.class.getName(),
                        dir.toString(),
                        Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        try {
            return new ChildEmulator(process, readPort(process));
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook, no final image. Returns the exit code. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the child emulator did not die of SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int readPort(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < end && (line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                int port = Integer.parseInt(line.substring(5).trim());
                Thread drain = new Thread(
                        () -> {
                            try {
                                while (out.readLine() != null) {
                                    // keep the child's pipe from filling up
                                }
                            } catch (IOException ignored) {
                                // the child is gone
                            }
                        },
                        "child-output");
                drain.setDaemon(true);
                drain.start();
                return port;
            }
        }
        throw new AssertionError("the child emulator did not print its port");
    }
}

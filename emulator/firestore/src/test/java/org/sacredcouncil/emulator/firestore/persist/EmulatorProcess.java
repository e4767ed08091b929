package org.sacredcouncil.emulator.firestore.persist;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Our emulator's {@code main} in a child JVM (the test's class path), so a test can {@code kill -9} it. */
final class EmulatorProcess implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("\"host\":\"([^\"]+)\"");

    private final Process process;
    private final String hostAndPort;

    private EmulatorProcess(Process process, String hostAndPort) {
        this.process = process;
        this.hostAndPort = hostAndPort;
    }

    static EmulatorProcess start(Path dataDir, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.sacredcouncil.emulator.firestore.FirestoreEmulator",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = HOST.matcher(line);
                    if (line.contains("Firestore emulator ready") && m.find()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String host = ready.get(60, TimeUnit.SECONDS);
        if (host == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the emulator process exited before it was ready");
        }
        // Keep draining its output so it never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        return new EmulatorProcess(p, host);
    }

    String hostAndPort() {
        return hostAndPort;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no compaction, no flush of anything not already written. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook stops serving and compacts the data directory. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}

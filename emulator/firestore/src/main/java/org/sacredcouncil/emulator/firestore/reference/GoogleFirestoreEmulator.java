package org.sacredcouncil.emulator.firestore.reference;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Google's own Firestore emulator (gcloud component), started as a child process: the reference the
 * conformance suite and the benchmark compare ours with. Present on some machines only.
 */
public final class GoogleFirestoreEmulator implements AutoCloseable {
    public static final Path DEFAULT_JAR =
            Path.of("/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar");
    private static final String MAIN = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

    private final Process process;
    private final int port;

    private GoogleFirestoreEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The jar, from {@code GOOGLE_FIRESTORE_EMULATOR_JAR} or gcloud's default place; null when absent. */
    public static Path jar() {
        String env = System.getenv("GOOGLE_FIRESTORE_EMULATOR_JAR");
        Path p = env != null && !env.isBlank() ? Path.of(env) : DEFAULT_JAR;
        return Files.isRegularFile(p) ? p : null;
    }

    public static boolean installed() {
        return jar() != null;
    }

    public static GoogleFirestoreEmulator start(Path rules) throws IOException, InterruptedException {
        Path jar = jar();
        if (jar == null) {
            throw new IllegalStateException("Google's Firestore emulator is not installed at " + DEFAULT_JAR);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss2m",
                "-cp",
                jar.toString(),
                MAIN,
                "start",
                "--host=127.0.0.1",
                "--port=" + port));
        if (rules != null) {
            cmd.add("--rules=" + rules.toAbsolutePath());
        }
        Path log = Files.createTempFile("google-firestore-emulator", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        GoogleFirestoreEmulator e = new GoogleFirestoreEmulator(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!e.ready()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Google's emulator exited: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                e.close();
                throw new IllegalStateException("Google's emulator not ready after 60 s: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return e;
    }

    public boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            try {
                return c.getResponseCode() == 200
                        && new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                                .trim()
                                .equals("Ok");
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

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
        return start(rules, List.of());
    }

    /** Started with more of its flags, e.g. {@code --seed_from_export=FILE}. */
    public static GoogleFirestoreEmulator start(Path rules, List<String> flags)
            throws IOException, InterruptedException {
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
        cmd.addAll(flags);
        Path log = Files.createTempFile("google-firestore-emulator", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        GoogleFirestoreEmulator e = new GoogleFirestoreEmulator(p, port);
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (!e.ready()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Google's emulator exited: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                e.close();
                throw new IllegalStateException("Google's emulator not ready after " + STARTUP_LIMIT.toSeconds()
                        + " s: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return e;
    }

    /**
     * How long a start may take before it counts as failed (a process that dies is reported at once): its JVM
     * took about 50 s to answer on this 2-core machine under a CI run's load, so 60 s was a flake, not a check.
     */
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

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

    /**
     * Asks it to export one database ({@code projects/P/databases/D}) into {@code directory} as
     * {@code firebase emulators:export} does: {@code POST /emulator/v1/projects/P:export} with the export
     * named {@code firestore_export}. @return the {@code .overall_export_metadata} file it wrote
     */
    public Path export(String database, Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        String project = database.split("/")[1];
        com.google.gson.JsonObject body = new com.google.gson.JsonObject();
        body.addProperty("database", database);
        body.addProperty("export_directory", directory.toAbsolutePath().toString());
        body.addProperty("export_name", "firestore_export");
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(URI.create(
                                        "http://" + hostAndPort() + "/emulator/v1/projects/" + project + ":export"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Google's emulator refused the export: " + r.statusCode() + " " + r.body());
        }
        return directory.resolve("firestore_export/firestore_export.overall_export_metadata");
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

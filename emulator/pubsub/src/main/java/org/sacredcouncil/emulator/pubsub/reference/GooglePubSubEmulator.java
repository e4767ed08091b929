package org.sacredcouncil.emulator.pubsub.reference;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Google's own Pub/Sub emulator (from the gcloud SDK), started as a child process on a free
 * loopback port: the reference that the differential suite and the benchmark compare ours with.
 * It is present on some machines only; {@link #findJar()} says whether it is here.
 */
public final class GooglePubSubEmulator implements AutoCloseable {

    public static final Path DEFAULT_LIB = Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/lib");
    public static final String MAIN_CLASS = "com.google.cloud.pubsub.testing.v1.Main";

    private final Process process;
    private final int port;

    private GooglePubSubEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The emulator jar, from {@code GOOGLE_PUBSUB_EMULATOR_JAR} or the gcloud SDK's usual place. */
    public static Optional<Path> findJar() {
        String configured = System.getenv("GOOGLE_PUBSUB_EMULATOR_JAR");
        if (configured != null && !configured.isBlank()) {
            Path jar = Path.of(configured);
            return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
        }
        if (!Files.isDirectory(DEFAULT_LIB)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(DEFAULT_LIB, "cloud-pubsub-emulator-*.jar")) {
            for (Path jar : jars) {
                return Optional.of(jar);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Why the reference side cannot run here, for skip messages. */
    public static String whatIsMissing() {
        return "Google's Pub/Sub emulator is not installed: no " + DEFAULT_LIB
                + "/cloud-pubsub-emulator-*.jar (gcloud component pubsub-emulator; or set GOOGLE_PUBSUB_EMULATOR_JAR)";
    }

    public static GooglePubSubEmulator start(Path jar) {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(java, "-cp", jar.toString(), MAIN_CLASS, "--host=127.0.0.1", "--port=" + port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(
                        new File(System.getProperty("java.io.tmpdir"), "google-pubsub-emulator-" + port + ".log")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + jar, e);
        }
        GooglePubSubEmulator emulator = new GooglePubSubEmulator(process, port);
        // a dead process is reported at once; a live one may take long to listen on a loaded machine (Google's
        // Firestore emulator, also a JVM, took ~50 s under a CI run's load)
        emulator.awaitReady(180_000);
        return emulator;
    }

    private void awaitReady(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Google's Pub/Sub emulator exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IllegalStateException("Google's Pub/Sub emulator did not listen on " + port + " in time");
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

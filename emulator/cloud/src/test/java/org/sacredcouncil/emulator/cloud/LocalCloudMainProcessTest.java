package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher as a person runs it: a real process, stopped with SIGINT (Ctrl-C), leaving no PostgreSQL behind. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalCloudMainProcessTest {

    @Test
    void startsPrintsTheStatusAndStopsEverythingOnCtrlC() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "needs kill(1) to send SIGINT");
        Path data = Files.createTempDirectory("local-cloud-data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalCloudMain.class.getName(), "--pubsub-port", "0", "--firestore-port", "0",
                "--postgres-port", "0", "--tick-period", "off", "--data-dir", data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        int pubsubPort = -1;
        int postgresPort = -1;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher pubsub = Pattern.compile("^\\s+Pub/Sub\\s+127\\.0\\.0\\.1:(\\d+)").matcher(line);
                if (pubsub.find()) {
                    pubsubPort = Integer.parseInt(pubsub.group(1));
                }
                Matcher pg = Pattern.compile("^\\s+PostgreSQL\\s+jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
                if (pg.find()) {
                    postgresPort = Integer.parseInt(pg.group(1));
                }
                if (line.contains("Ctrl-C stops everything")) {
                    break;
                }
            }
            assertThat(lines).anyMatch(l -> l.contains("ready in"));
            assertThat(lines).anyMatch(l -> l.contains("export PUBSUB_EMULATOR_HOST=127.0.0.1:"));
            assertThat(lines).anyMatch(l -> l.contains("memory-sacred-events") && l.contains("sacred-events"));
            assertThat(postgresProcesses(postgresPort)).as("embedded PostgreSQL runs").isNotEmpty();
            assertThat(Files.exists(data.resolve("postgres"))).as("data kept in --data-dir").isTrue();
            assertThat(listening(pubsubPort)).isTrue();

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("launcher exits on SIGINT").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(postgresProcesses(postgresPort)).as("no orphan PostgreSQL").isEmpty();
        assertThat(listening(pubsubPort)).as("Pub/Sub port released").isFalse();
    }

    private static List<ProcessHandle> postgresProcesses(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(" -p " + port + " "))
                        .orElse(false))
                .toList();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

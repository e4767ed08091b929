package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The launcher as a person runs it: a real process, stopped with SIGINT (Ctrl-C), leaving no PostgreSQL behind. */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LocalCloudMainProcessTest {

    /** What one launcher run printed and where its servers were. */
    private record Run(Process process, List<String> lines, int pubsubPort, int postgresPort) {}

    @Test
    void startsPrintsTheStatusStopsEverythingOnCtrlCAndKeepsTheDataDir() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill")),
                "needs kill(1) to send SIGINT");
        Path data = Files.createTempDirectory("local-cloud-data");

        Run first = launch(data);
        try {
            assertThat(first.lines).anyMatch(l -> l.contains("ready in"));
            assertThat(first.lines).anyMatch(l -> l.contains("export PUBSUB_EMULATOR_HOST=127.0.0.1:"));
            assertThat(first.lines).anyMatch(l -> l.contains("memory-sacred-events") && l.contains("sacred-events"));
            assertThat(postgresProcesses(first.postgresPort))
                    .as("embedded PostgreSQL runs")
                    .isNotEmpty();
            assertThat(listening(first.pubsubPort)).isTrue();
            try (Connection c = DriverManager.getConnection(jdbc(first), "postgres", "postgres");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('across restarts')");
            }
            stopWithCtrlC(first);
        } finally {
            first.process.destroyForcibly();
        }
        assertThat(postgresProcesses(first.postgresPort))
                .as("no orphan PostgreSQL")
                .isEmpty();
        assertThat(listening(first.pubsubPort)).as("Pub/Sub port released").isFalse();

        Run second = launch(data);
        try (Connection c = DriverManager.getConnection(jdbc(second), "postgres", "postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("across restarts");
            stopWithCtrlC(second);
        } finally {
            second.process.destroyForcibly();
        }
        assertThat(postgresProcesses(second.postgresPort))
                .as("no orphan PostgreSQL")
                .isEmpty();
    }

    @Test
    void aPostgresLeftBehindByAKilledLauncherIsStoppedAtTheNextStart() throws Exception {
        Path data = Files.createTempDirectory("local-cloud-killed");
        Run killed = launch(data);
        killed.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
        List<ProcessHandle> orphans = postgresProcesses(killed.postgresPort);
        assertThat(orphans).as("SIGKILL leaves PostgreSQL running").isNotEmpty();

        Run next = launch(data);
        try {
            assertThat(orphans).allMatch(p -> !p.isAlive());
            try (Connection c = DriverManager.getConnection(jdbc(next), "postgres", "postgres")) {
                assertThat(c.isValid(2)).isTrue();
            }
            stopWithCtrlC(next);
        } finally {
            next.process.destroyForcibly();
        }
        assertThat(postgresProcesses(next.postgresPort)).isEmpty();
    }

    private static String jdbc(Run run) {
        return "jdbc:postgresql://127.0.0.1:" + run.postgresPort + "/postgres";
    }

    private static void stopWithCtrlC(Run run) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(run.process.pid()))
                .start()
                .waitFor();
        // a JVM started with SIGINT ignored (a background job of a shell without job control) never sees it: run the
        // suite from a terminal or under a supervisor, as CI does
        assertThat(run.process.waitFor(30, TimeUnit.SECONDS))
                .as("launcher exits on SIGINT")
                .isTrue();
    }

    private static Run launch(Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalCloudMain.class.getName(),
                        "--pubsub-port",
                        "0",
                        "--firestore-port",
                        "0",
                        "--postgres-port",
                        "0",
                        "--tick-period",
                        "off",
                        "--data-dir",
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> lines = new ArrayList<>();
        int pubsubPort = -1;
        int postgresPort = -1;
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            Matcher pubsub =
                    Pattern.compile("^\\s+Pub/Sub\\s+127\\.0\\.0\\.1:(\\d+)").matcher(line);
            if (pubsub.find()) {
                pubsubPort = Integer.parseInt(pubsub.group(1));
            }
            Matcher pg = Pattern.compile("^\\s+PostgreSQL\\s+jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/")
                    .matcher(line);
            if (pg.find()) {
                postgresPort = Integer.parseInt(pg.group(1));
            }
            if (line.contains("Ctrl-C stops everything")) {
                break;
            }
        }
        if (postgresPort < 0) {
            process.destroyForcibly();
            throw new AssertionError("launcher did not print its status; output: " + lines);
        }
        return new Run(process, lines, pubsubPort, postgresPort);
    }

    private static List<ProcessHandle> postgresProcesses(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("postgres") && c.contains(" -p " + port + " "))
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

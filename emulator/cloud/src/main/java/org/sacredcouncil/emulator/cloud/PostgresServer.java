package org.sacredcouncil.emulator.cloud;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sacredcouncil.emulator.pubsub.JsonLog;

/**
 * The local cloud's PostgreSQL: a real embedded server (binaries from Maven Central, no system
 * install) or, with {@code DATABASE_URL}, an existing server. Only the embedded one is ever wiped.
 */
final class PostgresServer implements AutoCloseable {

    private static final JsonLog LOG = JsonLog.forComponent("postgres");

    static final String EMBEDDED_USER = "postgres";
    static final String EMBEDDED_PASSWORD = "postgres";

    private EmbeddedPostgres embedded;
    private final boolean isEmbedded;
    /** The embedded server's data folder; ours to delete at close when it is a temporary one. */
    private final Path dataDir;

    private final boolean temporaryData;
    private final int port;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PGSimpleDataSource dataSource;

    private PostgresServer(
            EmbeddedPostgres embedded,
            Path dataDir,
            boolean temporaryData,
            String jdbcUrl,
            String user,
            String password) {
        this.embedded = embedded;
        this.isEmbedded = embedded != null;
        this.dataDir = dataDir;
        this.temporaryData = temporaryData;
        this.port = embedded != null ? embedded.getPort() : -1;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
    }

    /**
     * @param port 0 picks a free port; @param dataDir null keeps the data in a temporary folder, deleted at
     * close. The data folder is always ours (never zonky's self-cleaning one), so that {@link #stop()} and
     * {@link #start()} can take the server down and up again with its data.
     */
    static PostgresServer startEmbedded(int port, Path dataDir) {
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("local-cloud-postgres") : dataDir;
            Files.createDirectories(dir);
            if (!temporary) {
                stopLeftoverServer(dir);
            }
            EmbeddedPostgres postgres = embedded(port, dir);
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            return new PostgresServer(postgres, dir, temporary, url, EMBEDDED_USER, EMBEDDED_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private static EmbeddedPostgres embedded(int port, Path dir) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setDataDirectory(dir)
                .setCleanDataDirectory(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /** Stops the embedded server (its clients are disconnected), keeping the data folder. */
    synchronized void stop() {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
        } finally {
            embedded = null;
        }
    }

    /** Starts the embedded server again on the same port and data folder after {@link #stop()}. */
    synchronized void start() {
        if (embedded != null || !isEmbedded) {
            return;
        }
        try {
            embedded = embedded(port, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start again", e);
        }
    }

    synchronized boolean running() {
        return !isEmbedded || embedded != null;
    }

    /**
     * A launcher killed with SIGKILL cannot stop its PostgreSQL: the next start on the same data
     * folder finds it still running (its {@code postmaster.pid}) and stops it first.
     */
    private static void stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException unreadable) {
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        LOG.warn("stopping a PostgreSQL left running by an earlier run", "pid", pid, "dataDir", dataDir.toString());
        ProcessHandle server = leftover.get();
        server.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients are gone with the old JVM
        try {
            server.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception notYet) {
            server.destroyForcibly();
        }
    }

    static PostgresServer external(DatabaseUrl url) {
        return new PostgresServer(null, null, false, url.jdbcUrl(), url.user(), url.password());
    }

    boolean embedded() {
        return isEmbedded;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    int port() {
        return port;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Empties the embedded database (schema public dropped and made again); an external server is left alone. */
    boolean reset() {
        if (!isEmbedded) {
            return false;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset the embedded database", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (temporaryData && dataDir != null) {
                deleteQuietly(dataDir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the temporary PostgreSQL data", "dir", dir.toString(), "error", e.toString());
        }
    }
}

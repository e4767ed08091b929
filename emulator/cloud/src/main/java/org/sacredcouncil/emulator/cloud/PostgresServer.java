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

    private final EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PGSimpleDataSource dataSource;

    private PostgresServer(EmbeddedPostgres embedded, String jdbcUrl, String user, String password) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
    }

    /** @param port 0 picks a free port; @param dataDir null keeps the data in a temporary folder, wiped at close. */
    static PostgresServer startEmbedded(int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                stopLeftoverServer(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            return new PostgresServer(postgres, url, EMBEDDED_USER, EMBEDDED_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
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
        return new PostgresServer(null, url.jdbcUrl(), url.user(), url.password());
    }

    boolean embedded() {
        return embedded != null;
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
        return embedded != null ? embedded.getPort() : -1;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Empties the embedded database (schema public dropped and made again); an external server is left alone. */
    boolean reset() {
        if (embedded == null) {
            return false;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS public CASCADE");
            statement.execute("CREATE SCHEMA public");
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset the embedded database", e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}

package org.sacredcouncil.functions.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.startup.OnFirstUse;

/**
 * The PostgreSQL connection pool of one function instance, its schema checked on first use (see {@link #migrated}). Production goes through
 * the Cloud SQL socket factory (when {@code CLOUD_SQL_INSTANCE} is set: IAM-authorised, no public IP);
 * locally and in tests through {@code DATABASE_URL}.
 */
public final class Database implements AutoCloseable {

    private final PoolOnFirstUse dataSource;

    private Database(PoolOnFirstUse dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The pool, started now: for a function whose every request uses PostgreSQL (memory, coherence), so that
     * HikariCP opens its first connection on its own thread while the invoker starts.
     */
    public static Database fromConfig() {
        Database database = onFirstUse();
        database.dataSource.start();
        return database;
    }

    /**
     * The configuration read (and refused) now, the pool built by the first {@code getConnection}
     * ({@link OnFirstUse}): for a function that answers some requests without PostgreSQL (heart's
     * {@code GET /v1/field}, wisdom's acknowledged presence events), whose first such answer then does not wait
     * for HikariCP and the driver.
     */
    public static Database onFirstUse() {
        HikariConfig hikari = new HikariConfig();
        // Named explicitly: DriverManager only sees drivers of the system class loader, and the Functions
        // Framework loads a function in a class loader of its own ("No suitable driver" otherwise).
        hikari.setDriverClassName("org.postgresql.Driver");
        String instance = FunctionConfig.cloudSqlInstance();
        if (instance != null) {
            hikari.setJdbcUrl("jdbc:postgresql:///" + FunctionConfig.dbName());
            hikari.addDataSourceProperty("socketFactory", "com.google.cloud.sql.postgres.SocketFactory");
            hikari.addDataSourceProperty("cloudSqlInstance", instance);
            hikari.setUsername(FunctionConfig.dbUser());
            hikari.setPassword(FunctionConfig.dbPassword());
        } else {
            String url = FunctionConfig.databaseUrl();
            if (url == null) {
                throw new IllegalStateException(
                        "set CLOUD_SQL_INSTANCE (Cloud SQL) or DATABASE_URL (local PostgreSQL)");
            }
            hikari.setJdbcUrl(url);
            String user = FunctionConfig.dbUser() != null ? FunctionConfig.dbUser() : FunctionConfig.databaseUser();
            String password = FunctionConfig.dbPassword() != null
                    ? FunctionConfig.dbPassword()
                    : FunctionConfig.databasePassword();
            if (user != null) {
                hikari.setUsername(user);
            }
            if (password != null) {
                hikari.setPassword(password);
            }
        }
        // A function instance handles a few requests at once; Cloud SQL's connection limit is shared by
        // every instance of every function, so the pool stays small.
        hikari.setMaximumPoolSize(FunctionConfig.dbPoolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        hikari.setPoolName("sacred-db");
        // Start even when the database is down: requests then fail as transient errors and Pub/Sub retries.
        hikari.setInitializationFailTimeout(-1);
        return new Database(new PoolOnFirstUse(OnFirstUse.of(() -> new HikariDataSource(hikari))));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private volatile boolean migrated;

    /**
     * The schema this code needs, checked once per instance with one query. With {@code DB_MIGRATIONS=deploy}
     * (Terraform) the deploy's migration step ({@link SchemaMigrationMain}) has migrated before the functions
     * were replaced, so a function never loads Flyway: a schema behind this code is a transient failure (503,
     * redelivery) until that step has run, and a schema ahead of it (the next deploy's migrations, which only
     * add) is fine. Otherwise (the local stack, the tests) the first use migrates a fresh database; concurrent
     * instances are serialised by Flyway's lock.
     */
    public DataSource migrated() throws SQLException {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    int version = schemaVersion();
                    if (version == LATEST_SCHEMA_VERSION || (version > LATEST_SCHEMA_VERSION && migratedAtDeploy())) {
                        migrated = true;
                    } else if (migratedAtDeploy()) {
                        throw new SQLException(
                                "the schema is at version " + version + ", this code needs " + LATEST_SCHEMA_VERSION
                                        + ": the deploy's migration step (SchemaMigrationMain) has not run");
                    } else {
                        migrate();
                        migrated = true;
                    }
                }
            }
        }
        return dataSource;
    }

    private static boolean migratedAtDeploy() {
        return "deploy".equals(FunctionConfig.dbMigrations());
    }

    /** Runs the Flyway migrations (SchemaMigrationMain at deploy time; a fresh local database on first use). */
    void migrate() throws SQLException {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            // almost always the database being unreachable: transient for every caller
            throw new SQLException("migrations could not run: " + e.getMessage(), e);
        }
    }

    /** The newest migration in src/main/resources/db/migration; bump it with every new V<n>__ file. */
    static final int LATEST_SCHEMA_VERSION = 7;

    /**
     * The newest successful migration, 0 for an empty database: one query instead of Flyway (loading and
     * running Flyway costs seconds of a cold start on a small instance).
     */
    int schemaVersion() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                if (!r.next() || !r.getBoolean(1)) {
                    return 0;
                }
            }
            try (ResultSet r =
                    s.executeQuery("SELECT coalesce(max(version::int), 0) FROM flyway_schema_history WHERE success")) {
                return r.next() ? r.getInt(1) : 0;
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

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

/**
 * The PostgreSQL connection pool of one function instance, migrated on first use. Production goes through
 * the Cloud SQL socket factory (when {@code CLOUD_SQL_INSTANCE} is set: IAM-authorised, no public IP);
 * locally and in tests through {@code DATABASE_URL}.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Database fromConfig() {
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
                throw new IllegalStateException("set CLOUD_SQL_INSTANCE (Cloud SQL) or DATABASE_URL (local PostgreSQL)");
            }
            hikari.setJdbcUrl(url);
            String user = FunctionConfig.dbUser() != null ? FunctionConfig.dbUser() : FunctionConfig.databaseUser();
            String password = FunctionConfig.dbPassword() != null ? FunctionConfig.dbPassword()
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
        return new Database(new HikariDataSource(hikari));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    private volatile boolean migrated;

    /** Runs the Flyway migrations once per instance (concurrent instances are serialised by Flyway's lock). */
    public DataSource migrated() throws SQLException {
        if (!migrated) {
            synchronized (this) {
                if (!migrated && schemaIsCurrent()) {
                    migrated = true;
                }
                if (!migrated) {
                    try {
                        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                                .load().migrate();
                    } catch (FlywayException e) {
                        // almost always the database being unreachable: transient for every caller
                        throw new SQLException("migrations could not run: " + e.getMessage(), e);
                    }
                    migrated = true;
                }
            }
        }
        return dataSource;
    }

    /** The newest migration in src/main/resources/db/migration; bump it with every new V<n>__ file. */
    static final int LATEST_SCHEMA_VERSION = 4;

    /**
     * One query instead of Flyway when the schema is already current: loading and running Flyway costs
     * seconds of a cold start on a small instance, and only the first instance after a deploy needs it.
     */
    private boolean schemaIsCurrent() throws SQLException {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                if (!r.next() || !r.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet r = s.executeQuery(
                    "SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
                return r.next() && r.getInt(1) == LATEST_SCHEMA_VERSION;
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

package org.sacredcouncil.functions.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import java.sql.SQLException;
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

    @Override
    public void close() {
        dataSource.close();
    }
}

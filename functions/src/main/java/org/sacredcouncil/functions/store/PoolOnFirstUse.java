package org.sacredcouncil.functions.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sacredcouncil.functions.startup.OnFirstUse;

/**
 * The instance's connection pool as a {@link DataSource} from the first moment, the pool itself (HikariCP and
 * the PostgreSQL driver: a few hundred classes, and its first connection) built by the first
 * {@link #getConnection} ({@link OnFirstUse}): the stores take the data source at construction.
 */
final class PoolOnFirstUse implements DataSource {

    private final OnFirstUse<HikariDataSource> pool;

    PoolOnFirstUse(OnFirstUse<HikariDataSource> pool) {
        this.pool = pool;
    }

    /** Builds the pool now (HikariCP then opens its first connection on its own thread). */
    void start() {
        pool.get();
    }

    /** Closes the pool if it was built (building one only to close it would start its threads). */
    void close() {
        if (pool.built()) {
            pool.get().close();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.get().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.get().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.get().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.get().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.get().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.get().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.get().getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.get().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.get().isWrapperFor(type);
    }
}

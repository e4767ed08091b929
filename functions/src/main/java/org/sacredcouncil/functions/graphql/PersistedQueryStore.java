package org.sacredcouncil.functions.graphql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.sacredcouncil.functions.store.Database;

/**
 * The registered documents of automatic persisted queries, in PostgreSQL table {@code graphql_persisted_queries}
 * (docs/graphql.md#persisted): shared by every instance, at most {@code max} rows, least recently used evicted.
 */
public final class PersistedQueryStore {

    /** How stale a row's {@code last_used_at} may get before a read refreshes it: LRU to the minute, no write per hit. */
    static final int TOUCH_SECONDS = 60;

    private final Database database;
    private final int max;

    public PersistedQueryStore(Database database, int max) {
        this.database = database;
        this.max = max;
    }

    /** The document registered under {@code sha256}, marking it used. */
    Optional<String> find(String sha256) throws SQLException {
        database.migrated();
        try (Connection c = database.dataSource().getConnection()) {
            String document;
            boolean stale;
            try (PreparedStatement s =
                    c.prepareStatement("SELECT document, last_used_at < now() - make_interval(secs => ?) "
                            + "FROM graphql_persisted_queries WHERE sha256 = ?")) {
                s.setInt(1, TOUCH_SECONDS);
                s.setString(2, sha256);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    document = r.getString(1);
                    stale = r.getBoolean(2);
                }
            }
            if (stale) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE graphql_persisted_queries SET last_used_at = now() WHERE sha256 = ?")) {
                    s.setString(1, sha256);
                    s.executeUpdate();
                }
            }
            return Optional.of(document);
        }
    }

    /** Registers (or refreshes) a document, then keeps the {@code max} most recently used. */
    void register(String sha256, String document) throws SQLException {
        database.migrated();
        try (Connection c = database.dataSource().getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO graphql_persisted_queries (sha256, document) "
                    + "VALUES (?, ?) ON CONFLICT (sha256) DO UPDATE SET last_used_at = now()")) {
                s.setString(1, sha256);
                s.setString(2, document);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM graphql_persisted_queries WHERE sha256 IN "
                    + "(SELECT sha256 FROM graphql_persisted_queries ORDER BY last_used_at DESC, sha256 OFFSET ?)")) {
                s.setInt(1, max);
                s.executeUpdate();
            }
        }
    }
}

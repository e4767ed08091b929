package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import javax.sql.DataSource;
import org.sacredcouncil.core.agent.Agent;

/** Registered agents and the hashes of their API keys. */
public final class AgentStore {

    private final DataSource db;

    public AgentStore(DataSource db) {
        this.db = db;
    }

    /** Inserts on the given connection (the caller's transaction); false when the id is taken. */
    public boolean insert(Connection c, Agent agent, byte[] keyHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO agents (id, name, region, key_hash, joined_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            s.setString(1, agent.id());
            s.setString(2, agent.name());
            s.setString(3, agent.region());
            s.setBytes(4, keyHash);
            s.setTimestamp(5, new Timestamp(agent.joinedAtMillis()));
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Replaces the agent's key hash if it is still {@code oldKeyHash} (compare-and-set: of two concurrent
     * rotations with one key, one wins). The old key stops matching at once in PostgreSQL; heart's cache
     * of key lookups keeps it for at most API_KEY_CACHE_SECONDS on other instances.
     */
    public boolean replaceKey(Connection c, String agentId, byte[] oldKeyHash, byte[] newKeyHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE agents SET key_hash = ? WHERE id = ? AND key_hash = ?")) {
            s.setBytes(1, newKeyHash);
            s.setString(2, agentId);
            s.setBytes(3, oldKeyHash);
            return s.executeUpdate() == 1;
        }
    }

    public Optional<Agent> find(String id) throws SQLException {
        return query("SELECT id, name, region, joined_at FROM agents WHERE id = ?", ps -> ps.setString(1, id));
    }

    public Optional<Agent> findByKeyHash(byte[] keyHash) throws SQLException {
        return query(
                "SELECT id, name, region, joined_at FROM agents WHERE key_hash = ?", ps -> ps.setBytes(1, keyHash));
    }

    public Optional<Long> lastSeen(String id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT last_seen FROM agents WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || r.getTimestamp(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(r.getTimestamp(1).getTime());
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private Optional<Agent> query(String sql, Binder binder) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Agent(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getTimestamp(4).getTime()));
            }
        }
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Rotated API keys: the old key's hash, its agent, the salt the new key was derived from, and the
 * Idempotency-Key of the rotation. A retry of a rotation (same old key, same Idempotency-Key) within
 * {@link #REPLAY_SECONDS} recomputes the same new key from the old key and the salt, so a lost answer does
 * not lock the agent out; nothing here lets anyone without the old key learn the new one.
 */
public final class KeyRotationStore {

    public static final int REPLAY_SECONDS = 600;
    private static final long PRUNE_EVERY_MILLIS = 60_000;

    /** A rotation that may be replayed. */
    public record Rotation(String agentId, byte[] salt, String idempotencyKey) {}

    private final DataSource db;
    private final ThrottledPrune prune =
            new ThrottledPrune("api_key_rotations", "rotated_at", REPLAY_SECONDS, PRUNE_EVERY_MILLIS);

    public KeyRotationStore(DataSource db) {
        this.db = db;
    }

    /** In the caller's transaction, beside the key swap; false when this old key was already rotated. */
    public boolean record(Connection c, byte[] oldKeyHash, String agentId, byte[] salt, String idempotencyKey)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO api_key_rotations "
                + "(old_key_hash, agent_id, salt, idempotency_key) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (old_key_hash) DO NOTHING")) {
            s.setBytes(1, oldKeyHash);
            s.setString(2, agentId);
            s.setBytes(3, salt);
            s.setString(4, idempotencyKey);
            return s.executeUpdate() == 1;
        }
    }

    /** The rotation of this old key within the replay window, if any. */
    public Optional<Rotation> recent(byte[] oldKeyHash) throws SQLException {
        try (Connection c = db.getConnection()) {
            prune.maybeRun(c);
            try (PreparedStatement s =
                    c.prepareStatement("SELECT agent_id, salt, idempotency_key FROM api_key_rotations "
                            + "WHERE old_key_hash = ? AND rotated_at > now() - make_interval(secs => ?)")) {
                s.setBytes(1, oldKeyHash);
                s.setInt(2, REPLAY_SECONDS);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                            ? Optional.of(new Rotation(r.getString(1), r.getBytes(2), r.getString(3)))
                            : Optional.empty();
                }
            }
        }
    }
}

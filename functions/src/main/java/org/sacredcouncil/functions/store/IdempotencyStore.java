package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Idempotency-Key records. The first request claims (scope, key) with an insert; the primary key makes
 * concurrent retries lose the race cleanly. When the work is done its response is stored; a retry gets it
 * back. When the work fails the claim is released so that a retry may try again. A claim that is still
 * unfinished after {@link #LEASE_SECONDS} belongs to a heart that died mid-request: a retry with the same
 * request takes it over (the work publishes under an id derived from the key, so a double publish is
 * still one event downstream).
 */
public final class IdempotencyStore {

    /** What a claim found: ours to do, someone's in progress, or a finished response. */
    public sealed interface Claim permits Claimed, InProgress, Replay, Mismatch {
    }

    public record Claimed() implements Claim {
    }

    public record InProgress() implements Claim {
    }

    public record Replay(int status, String body) implements Claim {
    }

    /** The key was used before for a different request. */
    public record Mismatch() implements Claim {
    }

    public static final int LEASE_SECONDS = 10;

    private final DataSource db;

    public IdempotencyStore(DataSource db) {
        this.db = db;
    }

    public Claim claim(String scope, String key, String requestHash) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO idempotency_keys (scope, key, request_hash) "
                    + "VALUES (?, ?, ?) ON CONFLICT (scope, key) DO NOTHING")) {
                s.setString(1, scope);
                s.setString(2, key);
                s.setString(3, requestHash);
                if (s.executeUpdate() == 1) {
                    return new Claimed();
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE idempotency_keys SET created_at = now() "
                    + "WHERE scope = ? AND key = ? AND request_hash = ? AND status IS NULL "
                    + "AND created_at < now() - make_interval(secs => ?)")) {
                s.setString(1, scope);
                s.setString(2, key);
                s.setString(3, requestHash);
                s.setInt(4, LEASE_SECONDS);
                if (s.executeUpdate() == 1) {
                    return new Claimed();
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key = ?")) {
                s.setString(1, scope);
                s.setString(2, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        // released between our insert and select: the caller may simply retry
                        return new InProgress();
                    }
                    if (!requestHash.equals(r.getString(1))) {
                        return new Mismatch();
                    }
                    int status = r.getInt(2);
                    return r.wasNull() ? new InProgress() : new Replay(status, r.getString(3));
                }
            }
        }
    }

    public void complete(String scope, String key, int status, String body) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE idempotency_keys SET status = ?, body = ? WHERE scope = ? AND key = ?")) {
            s.setInt(1, status);
            s.setString(2, body);
            s.setString(3, scope);
            s.setString(4, key);
            s.executeUpdate();
        }
    }

    public void release(String scope, String key) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL")) {
            s.setString(1, scope);
            s.setString(2, key);
            s.executeUpdate();
        } catch (SQLException e) {
            // the claim stays "in progress"; retries get 409 until it is cleaned up: safe, never doubled
        }
    }
}

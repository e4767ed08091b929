package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Idempotency records of heart's writes, for an explicit Idempotency-Key or an implicit one (the same agent
 * sending the same exact body within a short window). The first request claims (scope, key) with an
 * insert; the primary key makes concurrent retries lose the race cleanly. Each record carries an
 * {@code event_seed}, fixed for its whole life: the work publishes under an event id derived from it, so
 * a retry after a failed or timed-out publish — which Pub/Sub may have accepted all the same — publishes
 * the same id again and memory keeps one event.
 *
 * <p>When the work is done its response is stored and a retry gets it back. When the work fails the claim
 * is released (lease cleared, seed kept) so that a retry may try again at once. A claim whose lease
 * ({@link #LEASE_SECONDS}) ran out belongs to a heart that died mid-request: a retry with the same request
 * takes it over. A record older than its window is forgotten: the key is new again, with a new seed.
 */
public final class IdempotencyStore {

    /** What a claim found: ours to do (with the record's seed), someone's in progress, or a finished response. */
    public sealed interface Claim permits Claimed, InProgress, Replay, Mismatch {}

    public record Claimed(String eventSeed) implements Claim {}

    public record InProgress() implements Claim {}

    public record Replay(int status, String body) implements Claim {}

    /** The key was used before for a different request. */
    public record Mismatch() implements Claim {}

    public static final int LEASE_SECONDS = 10;
    /** Records are deleted this long after their window closed at the latest (bounded bookkeeping). */
    public static final int RETENTION_SECONDS = (int) Retention.IDEMPOTENCY_KEYS.toSeconds();

    private static final long PRUNE_EVERY_MILLIS = 60_000;

    private final DataSource db;
    private final ThrottledPrune prune =
            new ThrottledPrune("idempotency_keys", "created_at", RETENTION_SECONDS, PRUNE_EVERY_MILLIS);

    public IdempotencyStore(DataSource db) {
        this.db = db;
    }

    /** Claims (scope, key) for a request with {@code requestHash}; a record older than {@code windowSeconds} is new again. */
    public Claim claim(String scope, String key, String requestHash, int windowSeconds) throws SQLException {
        try (Connection c = db.getConnection()) {
            prune.maybeRun(c);
            String seed = UUID.randomUUID().toString();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO idempotency_keys "
                    + "(scope, key, request_hash, event_seed, claimed_at) VALUES (?, ?, ?, ?, now()) "
                    + "ON CONFLICT (scope, key) DO NOTHING")) {
                s.setString(1, scope);
                s.setString(2, key);
                s.setString(3, requestHash);
                s.setString(4, seed);
                if (s.executeUpdate() == 1) {
                    return new Claimed(seed);
                }
            }
            // a record past its window: the key starts over, as a new request with a new seed
            try (PreparedStatement s = c.prepareStatement("UPDATE idempotency_keys SET request_hash = ?, "
                    + "status = NULL, body = NULL, event_seed = ?, created_at = now(), claimed_at = now() "
                    + "WHERE scope = ? AND key = ? AND created_at < now() - make_interval(secs => ?)")) {
                s.setString(1, requestHash);
                s.setString(2, seed);
                s.setString(3, scope);
                s.setString(4, key);
                s.setInt(5, windowSeconds);
                if (s.executeUpdate() == 1) {
                    return new Claimed(seed);
                }
            }
            // released by a failed attempt, or left by a dead heart: take it over, keeping its seed
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE idempotency_keys SET claimed_at = now() "
                            + "WHERE scope = ? AND key = ? AND request_hash = ? AND status IS NULL "
                            + "AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => ?)) RETURNING event_seed")) {
                s.setString(1, scope);
                s.setString(2, key);
                s.setString(3, requestHash);
                s.setInt(4, LEASE_SECONDS);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return new Claimed(r.getString(1));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key = ?")) {
                s.setString(1, scope);
                s.setString(2, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        // pruned between our statements: the caller may simply retry
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
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE idempotency_keys SET status = ?, body = ?, claimed_at = NULL WHERE scope = ? AND key = ?")) {
            s.setInt(1, status);
            s.setString(2, body);
            s.setString(3, scope);
            s.setString(4, key);
            s.executeUpdate();
        }
    }

    /** After a failed attempt: the next retry takes the claim over at once and publishes under the same seed. */
    public void release(String scope, String key) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE idempotency_keys SET claimed_at = NULL WHERE scope = ? AND key = ? AND status IS NULL")) {
            s.setString(1, scope);
            s.setString(2, key);
            s.executeUpdate();
        } catch (SQLException e) {
            // the lease runs out by itself after LEASE_SECONDS; retries get 409 until then: safe, never doubled
        }
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.sacredcouncil.core.event.ArtifactAdded;
import org.sacredcouncil.core.event.ArtifactRemoved;

/**
 * The {@code artifacts} table (docs/artifacts.md#model): heart's reads (ownership, quotas, listings, the blob's
 * other references) and memory's two idempotent writes, which run in the transaction of the event's log row.
 * Plain methods, so REST handlers and GraphQL resolvers read the same thing.
 */
public final class ArtifactStore {

    /** What an agent's live artifacts take: their number and their bytes (docs/artifacts.md#upload, quotas). */
    public record Usage(long count, long bytes) {}

    private static final String COLUMNS =
            "artifact_id, agent_id, sha256, content_type, size_bytes, name, message_id, added_at, removed_at";

    private final DataSource db;

    public ArtifactStore(DataSource db) {
        this.db = db;
    }

    /** The record, live or removed (a tombstone too); empty when memory has not written it. */
    public Optional<StoredArtifact> find(String artifactId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT " + COLUMNS + " FROM artifacts WHERE artifact_id = ?")) {
            s.setString(1, artifactId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /**
     * Live artifacts of one agent ({@code messageId} null) or of one message ({@code agentId} null), newest first,
     * keyset-paginated on (added_at, id): {@code after} is the previous page's last row, null for the first.
     */
    public ArtifactPage list(String agentId, String messageId, KeysetCursor after, int limit) throws SQLException {
        if ((agentId == null) == (messageId == null)) {
            throw new IllegalArgumentException("exactly one of agentId and messageId");
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM artifacts WHERE removed_at IS NULL AND ");
        sql.append(agentId != null ? "agent_id = ?" : "message_id = ?");
        if (after != null) {
            sql.append(" AND (added_at, artifact_id) < (?, ?)");
        }
        sql.append(" ORDER BY added_at DESC, artifact_id DESC LIMIT ?");
        List<StoredArtifact> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, agentId != null ? agentId : messageId);
            if (after != null) {
                s.setTimestamp(i++, new Timestamp(after.atMillis()));
                s.setString(i++, after.id());
            }
            s.setInt(i, limit + 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
        }
        String next = null;
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
            StoredArtifact last = rows.get(rows.size() - 1);
            next = new KeysetCursor(last.addedAtMillis(), last.id()).encode();
        }
        return new ArtifactPage(rows, next);
    }

    /** The agent's live artifacts as memory has recorded them (uploads still in the pipeline are not counted). */
    public Usage liveUsage(String agentId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*), COALESCE(sum(size_bytes), 0) FROM artifacts "
                        + "WHERE agent_id = ? AND removed_at IS NULL")) {
            s.setString(1, agentId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Usage(r.getLong(1), r.getLong(2));
            }
        }
    }

    /** Whether a live record other than {@code exceptId} has the blob {@code sha256} (docs/artifacts.md#deleting). */
    public boolean otherLiveReference(String sha256, String exceptId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM artifacts WHERE sha256 = ? "
                        + "AND removed_at IS NULL AND artifact_id <> ?)")) {
            s.setString(1, sha256);
            s.setString(2, exceptId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /**
     * memory, {@code council.artifact.added}: the first write of an artifact wins; a row already there (the same
     * event redelivered, or a tombstone the removal wrote first) is left as it is, so an added event never clears
     * {@code removed_at} (docs/artifacts.md#events).
     */
    public static void recordAdded(Connection c, ArtifactAdded e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO artifacts (artifact_id, agent_id, sha256, "
                + "content_type, size_bytes, name, message_id, added_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (artifact_id) DO NOTHING")) {
            s.setString(1, e.artifactId());
            s.setString(2, e.agentId());
            s.setString(3, e.sha256());
            s.setString(4, e.contentType());
            s.setLong(5, e.size());
            s.setString(6, e.name());
            s.setString(7, e.messageId());
            s.setTimestamp(8, new Timestamp(e.addedAtMillis()));
            s.setString(9, e.id());
            s.executeUpdate();
        }
    }

    /**
     * memory, {@code council.artifact.removed}: sets {@code removed_at} once (the first removal's time stays), or
     * writes the tombstone alone when the added event has not arrived yet.
     */
    public static void recordRemoved(Connection c, ArtifactRemoved e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO artifacts (artifact_id, agent_id, sha256, "
                + "removed_at, event_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (artifact_id) DO UPDATE "
                + "SET removed_at = COALESCE(artifacts.removed_at, EXCLUDED.removed_at)")) {
            s.setString(1, e.artifactId());
            s.setString(2, e.agentId());
            s.setString(3, e.sha256());
            s.setTimestamp(4, new Timestamp(e.removedAtMillis()));
            s.setString(5, e.id());
            s.executeUpdate();
        }
    }

    private static StoredArtifact row(ResultSet r) throws SQLException {
        Timestamp added = r.getTimestamp(8);
        Timestamp removed = r.getTimestamp(9);
        return new StoredArtifact(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getLong(5),
                r.getString(6),
                r.getString(7),
                added == null ? 0 : added.getTime(),
                removed == null ? null : removed.getTime());
    }
}

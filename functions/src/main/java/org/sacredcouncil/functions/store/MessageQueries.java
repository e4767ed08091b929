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

/**
 * Lists messages newest first with keyset pagination: the cursor is the (sent_at, id) of the last row
 * served, so pages stay stable while new messages arrive (an offset would shift under inserts).
 */
public final class MessageQueries {

    /** Filters of GET /v1/messages; null means "any". */
    public record Filter(String agentId, String type, String region, Long sinceMillis) {}

    private final DataSource db;

    public MessageQueries(DataSource db) {
        this.db = db;
    }

    private static final String SELECT = "SELECT m.id, m.agent_id, m.type, m.text, m.region, m.impact, m.sent_at, "
            + "g.glyphs, g.reflection FROM messages m LEFT JOIN message_glyphs g ON g.message_id = m.id";

    /** One message by id, as {@link #list} shows it (GraphQL's {@code _entities}, docs/graphql.md#where). */
    public Optional<StoredMessage> find(String id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + " WHERE m.id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row(r)) : Optional.empty();
            }
        }
    }

    /** The agent of a recorded message; empty when memory has not recorded it (docs/artifacts.md#upload). */
    public Optional<String> agentOf(String messageId) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT agent_id FROM messages WHERE id = ?")) {
            s.setString(1, messageId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static StoredMessage row(ResultSet r) throws SQLException {
        String glyphs = r.getString(8);
        return new StoredMessage(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getDouble(6),
                r.getTimestamp(7).getTime(),
                glyphs == null ? List.of() : GlyphStore.splitGlyphs(glyphs),
                r.getString(9));
    }

    public MessagePage list(Filter filter, KeysetCursor after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (filter.agentId() != null) {
            sql.append(" AND m.agent_id = ?");
            args.add(filter.agentId());
        }
        if (filter.type() != null) {
            sql.append(" AND m.type = ?");
            args.add(filter.type());
        }
        if (filter.region() != null) {
            sql.append(" AND m.region = ?");
            args.add(filter.region());
        }
        if (filter.sinceMillis() != null) {
            sql.append(" AND m.sent_at >= ?");
            args.add(new Timestamp(filter.sinceMillis()));
        }
        if (after != null) {
            sql.append(" AND (m.sent_at, m.id) < (?, ?)");
            args.add(new Timestamp(after.atMillis()));
            args.add(after.id());
        }
        sql.append(" ORDER BY m.sent_at DESC, m.id DESC LIMIT ?");
        args.add(limit + 1);
        List<StoredMessage> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
        }
        String next = null;
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
            StoredMessage last = rows.get(rows.size() - 1);
            next = new KeysetCursor(last.sentAtMillis(), last.id()).encode();
        }
        return new MessagePage(rows, next);
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Wisdom's glyphs per message. The first answer stored wins, so redeliveries agree with what was shown. */
public final class GlyphStore {

    /** Glyphs and reflection as stored for one message. */
    public record StoredGlyphs(List<String> glyphs, String reflection, String source) {}

    private final DataSource db;

    public GlyphStore(DataSource db) {
        this.db = db;
    }

    /** Stores unless an answer exists, then returns the answer that is stored (this one or the earlier). */
    public StoredGlyphs storeFirst(String messageId, StoredGlyphs answer) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO message_glyphs (message_id, glyphs, reflection, "
                    + "source) VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING")) {
                s.setString(1, messageId);
                s.setString(2, String.join(" ", answer.glyphs()));
                s.setString(3, answer.reflection());
                s.setString(4, answer.source());
                if (s.executeUpdate() == 1) {
                    return answer;
                }
            }
            return find(c, messageId).orElse(answer);
        }
    }

    public Optional<StoredGlyphs> find(String messageId) throws SQLException {
        try (Connection c = db.getConnection()) {
            return find(c, messageId);
        }
    }

    private static Optional<StoredGlyphs> find(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT glyphs, reflection, source FROM message_glyphs WHERE message_id = ?")) {
            s.setString(1, messageId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredGlyphs(splitGlyphs(r.getString(1)), r.getString(2), r.getString(3)));
            }
        }
    }

    /** Glyph symbols are single emoji/pictographs without spaces: stored space-separated. */
    static List<String> splitGlyphs(String stored) {
        return stored.isBlank() ? List.of() : Arrays.asList(stored.trim().split(" +"));
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The replay guard of signed writes (docs/contracts.md#edge-signature): a nonce is claimed once, by an
 * insert into {@code edge_nonces} whose primary key refuses the second. It lives in PostgreSQL because every
 * instance of one regional heart shares it; the signature covers the host, so a capture cannot be replayed
 * at another region's heart either. Rows outlive the 60 s validity of a signature twice over, then go.
 */
public final class EdgeNonceStore {

    /** Twice the signature's validity: a nonce younger than this can still come with a valid signature. */
    public static final int KEEP_SECONDS = 120;

    private static final long PRUNE_EVERY_MILLIS = 30_000;

    private final DataSource db;
    private final ThrottledPrune prune = new ThrottledPrune("edge_nonces", "seen_at", KEEP_SECONDS, PRUNE_EVERY_MILLIS);

    public EdgeNonceStore(DataSource db) {
        this.db = db;
    }

    /** True for the first sight of {@code nonce}; false for a replay. */
    public boolean claim(String nonce) throws SQLException {
        try (Connection c = db.getConnection()) {
            prune.maybeRun(c);
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO edge_nonces (nonce) VALUES (?) ON CONFLICT (nonce) DO NOTHING")) {
                s.setString(1, nonce);
                return s.executeUpdate() == 1;
            }
        }
    }
}

package org.sacredcouncil.functions.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes a bookkeeping table's expired rows from the request path, at most once per period per instance:
 * one indexed {@code DELETE} keeps the table at about {@code keepSeconds} of writes without a scheduler of
 * its own. Concurrent callers race on a compare-and-set, so only one of them runs the delete.
 */
final class ThrottledPrune {

    private final String sql;
    private final int keepSeconds;
    private final long everyMillis;
    private final AtomicLong lastRun = new AtomicLong();

    /** {@code table} and {@code timeColumn} are the code's own constants, never input. */
    ThrottledPrune(String table, String timeColumn, int keepSeconds, long everyMillis) {
        this.sql = "DELETE FROM " + table + " WHERE " + timeColumn + " < now() - make_interval(secs => ?)";
        this.keepSeconds = keepSeconds;
        this.everyMillis = everyMillis;
    }

    void maybeRun(Connection c) throws SQLException {
        long now = System.currentTimeMillis();
        long last = lastRun.get();
        if (now - last < everyMillis || !lastRun.compareAndSet(last, now)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, keepSeconds);
            s.executeUpdate();
        }
    }
}

package org.sacredcouncil.functions.event;

import java.sql.SQLException;

/**
 * Tells a PostgreSQL refusal of the event's own data (the same event would be refused on every retry) from
 * everything a retry can fix. Only SQLState class 22 (data exception: bad encoding, out-of-range number,
 * invalid text representation) and the not-null and check violations (23502, 23514) are the data's fault.
 * Everything else — connection failures (08), pool timeouts (no state), serialization failures and
 * deadlocks (40), a server shutting down (57), insufficient resources (53), an undefined table while a
 * deploy migrates (42) and unique or foreign-key races (23505, 23503) — is transient: the handler throws and
 * Pub/Sub redelivers. "Nothing is parked that a retry could have saved."
 */
public final class DataRejection {

    private DataRejection() {}

    /** The reason to park with, or null when a retry could succeed. */
    public static String reasonOf(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("22") || state.equals("23502") || state.equals("23514")) {
                    return "PostgreSQL refused the event's data (SQLState " + state + "): " + sql.getMessage();
                }
            }
        }
        return null;
    }
}

package org.sacredcouncil.functions.heart;

import org.sacredcouncil.core.text.TextHygiene;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.store.KeysetCursor;

/**
 * The {@code limit} and {@code cursor} of a keyset-paginated list ({@code GET /v1/messages}, {@code GET
 * /v1/artifacts}), checked before PostgreSQL sees them: a value it would refuse (an out-of-range timestamp, a
 * NUL in the id) would otherwise be a 5xx caused by the client. {@code after} is null on the first page; decoded
 * once, here, and handed to the store as it is.
 */
record PageRequest(int limit, KeysetCursor after) {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    /** Year 0 to 9999, within what PostgreSQL stores and IsoInstant writes. */
    static final long MIN_TIME_MILLIS = -62_167_219_200_000L;

    static final long MAX_TIME_MILLIS = 253_402_300_799_999L;

    static PageRequest of(IncomingRequest in) {
        int limit = limit(in.query("limit"));
        String cursor = in.query("cursor");
        return new PageRequest(limit, cursor == null ? null : validCursor(cursor));
    }

    /** 1 to {@link #MAX_PAGE}, {@link #DEFAULT_PAGE} when absent. */
    private static int limit(String limitText) {
        if (limitText == null) {
            return DEFAULT_PAGE;
        }
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiError.invalid("query:limit", "an integer from 1 to " + MAX_PAGE);
        }
        return limit;
    }

    /**
     * A cursor is ours only if its parts could have come from a row: a time within range and an id of the
     * shape heart assigns (a message's or an artifact's).
     */
    private static KeysetCursor validCursor(String cursor) {
        KeysetCursor parts;
        try {
            parts = KeysetCursor.decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
        if (parts.atMillis() < MIN_TIME_MILLIS
                || parts.atMillis() > MAX_TIME_MILLIS
                || parts.id().length() > 128
                || !TextHygiene.isClean(parts.id(), TextHygiene.Kind.LABEL)) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
        return parts;
    }
}

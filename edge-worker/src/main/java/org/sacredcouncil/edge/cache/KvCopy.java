package org.sacredcouncil.edge.cache;

import org.sacredcouncil.core.field.FieldState;

/**
 * The field state found in KV under {@code field-state}, with the time it was fetched from an origin
 * (KV metadata {@code fetchedAt}; a writer that sets none — e.g. the coherence function publishing
 * directly — is dated by the state's own {@code updatedAt}).
 */
public record KvCopy(FieldState state, long fetchedAtMillis) {

    public static final String KEY = "field-state";

    public static KvCopy of(FieldState state, double metadataFetchedAt) {
        long fetchedAt = metadataFetchedAt >= 0 ? (long) metadataFetchedAt : state.updatedAtMillis();
        return new KvCopy(state, fetchedAt);
    }

    /** Recent enough that asking the origin as well would waste a round trip. */
    public boolean isFresh(long nowMillis, long kvFreshMillis) {
        return nowMillis - fetchedAtMillis < kvFreshMillis;
    }
}

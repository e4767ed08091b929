package org.sacredcouncil.edge.cache;

/** Where a field state came from; sent to clients as {@code X-Field-Cache} (lower case). */
public enum FieldTier {
    MEMORY, KV, ORIGIN, STALE;

    public String headerValue() {
        return name().toLowerCase();
    }
}

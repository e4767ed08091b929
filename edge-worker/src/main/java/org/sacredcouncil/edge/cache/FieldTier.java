package org.sacredcouncil.edge.cache;

/** Where a field state came from; sent to clients as {@code X-Field-Cache}. */
public enum FieldTier {
    MEMORY("memory"),
    KV("kv"),
    ORIGIN("origin"),
    STALE("stale");

    private final String headerValue;

    FieldTier(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }
}

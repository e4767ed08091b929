package org.sacredcouncil.edge.cache;

/**
 * Where a field state came from, as sent to clients in {@code X-Field-Cache}. Strings, not an enum (the bundle: see
 * {@code EdgeRoute}).
 */
public final class FieldTier {
    public static final String MEMORY = "memory";
    public static final String KV = "kv";
    public static final String ORIGIN = "origin";
    public static final String STALE = "stale";

    private FieldTier() {}
}

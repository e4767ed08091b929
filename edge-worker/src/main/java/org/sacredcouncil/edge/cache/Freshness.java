package org.sacredcouncil.edge.cache;

/** How the held state may be used right now. Plain ints, not an enum (the bundle: see {@code EdgeRoute}). */
public final class Freshness {
    /** Nothing held: load it (KV, then origin) before answering. */
    public static final int MISSING = 0;
    /** Confirmed within the memory TTL: serve it, no I/O. */
    public static final int FRESH = 1;
    /** Older than the memory TTL but within the stale bound: serve it and revalidate in the background. */
    public static final int STALE = 2;
    /** Beyond the stale bound: too old to serve; load before answering. */
    public static final int EXPIRED = 3;

    private Freshness() {}
}

package org.sacredcouncil.edge.cache;

/** How the held state may be used right now. */
public enum Freshness {
    /** Nothing held: load it (KV, then origin) before answering. */
    MISSING,
    /** Confirmed within the memory TTL: serve it, no I/O. */
    FRESH,
    /** Older than the memory TTL but within the stale bound: serve it and revalidate in the background. */
    STALE,
    /** Beyond the stale bound: too old to serve; load before answering. */
    EXPIRED
}

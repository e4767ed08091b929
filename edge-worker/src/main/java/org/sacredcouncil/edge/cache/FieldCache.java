package org.sacredcouncil.edge.cache;

import org.sacredcouncil.core.field.FieldState;

/**
 * The isolate-memory tier and the rules every tier obeys. Pure state, time passed in.
 *
 * <ul>
 *   <li>Monotonic: a state from any tier replaces the held one only if its version is higher. A copy of the
 *       same version renews the held one's confirmation time; an older copy changes nothing.</li>
 *   <li>Stale-while-revalidate: past the memory TTL the held state is still served while one refresh runs.
 *   <li>Stale-if-error: a failed refresh leaves the held state in place; the next attempt waits one memory
 *       TTL, so a dead origin is not hammered by every request.</li>
 * </ul>
 */
public final class FieldCache {

    private final long memoryTtlMillis;
    private final long maxStaleMillis;
    private CachedField held;
    private boolean refreshing;
    private long nextRefreshAtMillis;

    public FieldCache(long memoryTtlMillis, long maxStaleMillis) {
        this.memoryTtlMillis = memoryTtlMillis;
        this.maxStaleMillis = maxStaleMillis;
    }

    public CachedField held() {
        return held;
    }

    public FieldState heldState() {
        return held == null ? null : held.state();
    }

    public int freshness(long nowMillis) {
        if (held == null) {
            return Freshness.MISSING;
        }
        long age = nowMillis - held.confirmedAtMillis();
        if (age < memoryTtlMillis) {
            return Freshness.FRESH;
        }
        return age <= memoryTtlMillis + maxStaleMillis ? Freshness.STALE : Freshness.EXPIRED;
    }

    /**
     * Offers a state read from a tier.
     *
     * @return true when it became the held state (it was newer)
     */
    public boolean offer(FieldState state, long confirmedAtMillis, String source) {
        if (held == null || state.isNewerThan(held.state())) {
            held = CachedField.of(state, confirmedAtMillis, source);
            return true;
        }
        if (state.version() == held.state().version() && confirmedAtMillis > held.confirmedAtMillis()) {
            held = held.confirmedAt(confirmedAtMillis);
        }
        return false;
    }

    /** True when a refresh should start now: none is running and the last one was not too recent. */
    public boolean shouldRefresh(long nowMillis) {
        return !refreshing && nowMillis >= nextRefreshAtMillis;
    }

    public void refreshStarted(long nowMillis) {
        refreshing = true;
        nextRefreshAtMillis = nowMillis + memoryTtlMillis;
    }

    public void refreshEnded() {
        refreshing = false;
    }
}

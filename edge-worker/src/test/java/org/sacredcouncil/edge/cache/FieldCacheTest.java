package org.sacredcouncil.edge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.FieldState;

class FieldCacheTest {

    private final FieldCache cache = new FieldCache(1_000, 10_000);

    private static FieldState version(long v) {
        return FieldState.initial().withVersion(v, 1_700_000_000_000L + v);
    }

    @Test
    void freshnessMovesFromFreshToStaleToExpired() {
        assertThat(cache.freshness(0)).isEqualTo(Freshness.MISSING);
        cache.offer(version(1), 100, FieldTier.ORIGIN);
        assertThat(cache.freshness(100)).isEqualTo(Freshness.FRESH);
        assertThat(cache.freshness(1_099)).isEqualTo(Freshness.FRESH);
        assertThat(cache.freshness(1_100)).isEqualTo(Freshness.STALE);
        assertThat(cache.freshness(11_100)).isEqualTo(Freshness.STALE);
        assertThat(cache.freshness(11_101)).isEqualTo(Freshness.EXPIRED);
    }

    @Test
    void neverGoesBackToAnOlderVersion() {
        assertThat(cache.offer(version(5), 0, FieldTier.KV)).isTrue();
        assertThat(cache.offer(version(4), 500, FieldTier.ORIGIN)).isFalse();
        assertThat(cache.heldState().version()).isEqualTo(5);
        assertThat(cache.held().confirmedAtMillis()).isZero();
        assertThat(cache.offer(version(6), 600, FieldTier.ORIGIN)).isTrue();
        assertThat(cache.held().source()).isEqualTo(FieldTier.ORIGIN);
        assertThat(cache.held().etag()).isEqualTo("\"field-v6\"");
        assertThat(cache.held().json()).startsWith("{\"version\":6,");
    }

    @Test
    void theSameVersionFromATierRenewsFreshness() {
        cache.offer(version(5), 0, FieldTier.ORIGIN);
        assertThat(cache.offer(version(5), 2_000, FieldTier.KV)).isFalse();
        assertThat(cache.freshness(2_500)).isEqualTo(Freshness.FRESH);
        assertThat(cache.held().source()).isEqualTo(FieldTier.ORIGIN);
        cache.offer(version(5), 1_000, FieldTier.KV);
        assertThat(cache.held().confirmedAtMillis()).isEqualTo(2_000);
    }

    @Test
    void oneRefreshAtATimeAndAtMostOnePerMemoryTtl() {
        assertThat(cache.shouldRefresh(0)).isTrue();
        cache.refreshStarted(0);
        assertThat(cache.shouldRefresh(5_000)).isFalse();
        cache.refreshEnded();
        assertThat(cache.shouldRefresh(999)).isFalse();
        assertThat(cache.shouldRefresh(1_000)).isTrue();
    }

    @Test
    void kvCopyIsDatedByMetadataOrElseByItsOwnUpdateTime() {
        FieldState state = version(3);
        assertThat(KvCopy.of(state, 123).fetchedAtMillis()).isEqualTo(123);
        assertThat(KvCopy.of(state, -1).fetchedAtMillis()).isEqualTo(state.updatedAtMillis());
        assertThat(KvCopy.of(state, 1_000).isFresh(1_500, 600)).isTrue();
        assertThat(KvCopy.of(state, 1_000).isFresh(1_600, 600)).isFalse();
    }
}

package org.sacredcouncil.core.field;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The council's shared field, as served by the edge and stored in Firestore {@code field/global}.
 *
 * <p>{@code version} only grows: every reader keeps the state with the highest version it has seen, so a
 * late or replayed copy can never roll the field back. Regions are kept sorted so that the JSON, the ETag
 * and every iteration are identical on the JVM and under TeaVM.
 */
public record FieldState(
        long version,
        long updatedAtMillis,
        RegionField global,
        SortedMap<String, RegionField> regions,
        double loveAmplification,
        List<Origin> origins) {

    public static final double BASELINE_COHERENCE = 0.5;
    public static final long MAX_VERSION = (1L << 53) - 1;

    public FieldState {
        // JSON numbers are exact integers only up to 2^53 - 1 (and so are JavaScript's, at the edge): a larger
        // version could be written but never read back (found by EventCodecFuzzTest).
        if (version < 0 || version > MAX_VERSION) {
            throw new IllegalArgumentException("version must be within [0, 2^53 - 1]");
        }
        if (global == null) {
            throw new IllegalArgumentException("global is required");
        }
        if (!(loveAmplification >= 0.0) || Double.isInfinite(loveAmplification)) {
            throw new IllegalArgumentException("loveAmplification must be a finite number >= 0");
        }
        // A private copy, not Collections.unmodifiableSortedMap: TeaVM's class library lacks it. Treat as read-only.
        regions = regions == null ? new TreeMap<>() : new TreeMap<>(regions);
        origins = origins == null ? List.of() : List.copyOf(origins);
    }

    /** The field before anything has been said: baseline coherence, nobody present, version 0. */
    public static FieldState initial() {
        return new FieldState(0, 0, new RegionField(BASELINE_COHERENCE, 0), new TreeMap<>(), 1.0, List.of());
    }

    public boolean isNewerThan(FieldState other) {
        return other == null || version > other.version;
    }

    /** Of two states, the one with the higher version; ties keep {@code this} (the one already held). */
    public FieldState newest(FieldState other) {
        return other != null && other.version > version ? other : this;
    }

    public FieldState withOrigins(List<Origin> newOrigins) {
        return new FieldState(version, updatedAtMillis, global, regions, loveAmplification, newOrigins);
    }

    public FieldState withVersion(long newVersion, long newUpdatedAtMillis) {
        return new FieldState(newVersion, newUpdatedAtMillis, global, regions, loveAmplification, origins);
    }

    /** Coherence of a region, or the global coherence when the region is unknown. */
    public double coherenceOf(String region) {
        RegionField field = region == null ? null : regions.get(region);
        return field == null ? global.coherence() : field.coherence();
    }
}

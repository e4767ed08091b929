package org.sacredcouncil.core.pause;

/**
 * Tunables of {@link PausePolicy}: the coherence threshold below which writes pause, the base duration of
 * each kind of pause (a rate-limited client waits {@code rateLimitedPauseMillis}), the jitter fraction that
 * spreads clients out, and a ceiling for any pause.
 */
public record PauseConfig(
        double coherenceThreshold,
        long clientPauseMillis,
        long lowCoherencePauseMillis,
        long noOriginPauseMillis,
        double jitterFraction,
        long maxPauseMillis,
        long rateLimitedPauseMillis) {

    public static final PauseConfig DEFAULT = new PauseConfig(0.3, 3_000, 10_000, 5_000, 0.2, 60_000, 10_000);

    /** With the default rate-limit pause. */
    public PauseConfig(
            double coherenceThreshold,
            long clientPauseMillis,
            long lowCoherencePauseMillis,
            long noOriginPauseMillis,
            double jitterFraction,
            long maxPauseMillis) {
        this(
                coherenceThreshold,
                clientPauseMillis,
                lowCoherencePauseMillis,
                noOriginPauseMillis,
                jitterFraction,
                maxPauseMillis,
                10_000);
    }

    public PauseConfig {
        if (!(coherenceThreshold >= 0 && coherenceThreshold <= 1)) {
            throw new IllegalArgumentException("coherence threshold must be within [0, 1], was " + coherenceThreshold);
        }
        if (clientPauseMillis < 1
                || lowCoherencePauseMillis < 1
                || noOriginPauseMillis < 1
                || rateLimitedPauseMillis < 1) {
            throw new IllegalArgumentException("pause durations must be at least 1 ms");
        }
        if (!(jitterFraction >= 0 && jitterFraction < 1)) {
            throw new IllegalArgumentException("jitter fraction must be within [0, 1), was " + jitterFraction);
        }
        if (maxPauseMillis < 1) {
            throw new IllegalArgumentException("maximum pause must be at least 1 ms, was " + maxPauseMillis);
        }
    }
}

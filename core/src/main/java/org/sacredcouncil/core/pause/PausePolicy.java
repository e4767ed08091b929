package org.sacredcouncil.core.pause;

import org.sacredcouncil.core.routing.RandomSource;

/**
 * Decides whether the edge answers a request with a sacred pause instead of forwarding it.
 *
 * <p>Precedence: the client's own request for a pause (202) comes first, because it needs no origin; then
 * no origin available (503, for reads and writes alike); then low global coherence (503, writes only, so
 * the field can settle while everyone can still read it — and not for the writes that heal it, see
 * {@link HealingWrites}).
 *
 * <p>Every duration gets bounded jitter, uniformly within ±{@code jitterFraction} of its base, so that
 * clients told to wait do not all come back in the same instant.
 */
public final class PausePolicy {

    private final PauseConfig config;

    public PausePolicy(PauseConfig config) {
        this.config = config;
    }

    public PauseConfig config() {
        return config;
    }

    public PauseDecision decide(PauseInput input, RandomSource random) {
        if (input.clientAsked()) {
            return pause(PauseKind.CLIENT_REQUESTED, config.clientPauseMillis(), random);
        }
        if (!input.originAvailable()) {
            long base =
                    input.millisUntilOriginBack() > 0 ? input.millisUntilOriginBack() : config.noOriginPauseMillis();
            return pause(PauseKind.NO_ORIGIN, base, random);
        }
        if (input.write() && !input.heals() && input.globalCoherence() < config.coherenceThreshold()) {
            return pause(PauseKind.LOW_COHERENCE, config.lowCoherencePauseMillis(), random);
        }
        return PauseDecision.NONE;
    }

    /** The decision for a kind known by the caller (e.g. every origin failed during the request). */
    public PauseDecision pause(PauseKind kind, long baseMillis, RandomSource random) {
        return PauseDecision.of(kind, jittered(Math.min(baseMillis, config.maxPauseMillis()), random));
    }

    long jittered(long baseMillis, RandomSource random) {
        double r = random.nextDouble();
        if (!(r >= 0 && r < 1)) {
            r = 0.5; // a broken source must not break the bound
        }
        double factor = 1 + config.jitterFraction() * (2 * r - 1);
        long millis = Math.round(baseMillis * factor);
        return Math.max(1, Math.min(millis, config.maxPauseMillis()));
    }
}

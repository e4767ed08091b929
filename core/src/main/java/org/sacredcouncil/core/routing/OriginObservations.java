package org.sacredcouncil.core.routing;

import java.util.Map;
import java.util.TreeMap;

/**
 * The edge's own passive health record of every origin: consecutive failures, requests in flight, an
 * exponentially weighted latency, and ejection. A pure state machine: time is passed in, nothing is read
 * from a clock, so tests drive it step by step.
 *
 * <p>An ejection resets the failure count, so after it ends the origin gets {@code failuresToEject} fresh
 * chances (traffic finds out whether it recovered; no active probing is needed).
 */
public final class OriginObservations {

    /** Weight of the newest latency sample: recent enough to notice a slow origin within a few requests. */
    public static final double EWMA_ALPHA = 0.3;

    private final OutlierEjection ejection;
    private final Map<String, OriginObservation> byOrigin = new TreeMap<>();

    public OriginObservations(OutlierEjection ejection) {
        this.ejection = ejection;
    }

    public OutlierEjection ejection() {
        return ejection;
    }

    public OriginObservation of(String originId) {
        OriginObservation observation = byOrigin.get(originId);
        return observation == null ? OriginObservation.NONE : observation;
    }

    public void requestStarted(String originId) {
        OriginObservation o = of(originId);
        byOrigin.put(
                originId,
                new OriginObservation(
                        o.consecutiveFailures(),
                        o.inFlight() + 1,
                        o.ewmaLatencyMillis(),
                        o.ejectedUntilMillis(),
                        o.ejections()));
    }

    /** The origin answered, with anything but its own fault (docs/contracts.md#origin-fault). */
    public void requestSucceeded(String originId, long latencyMillis, long nowMillis) {
        OriginObservation o = of(originId);
        byOrigin.put(
                originId,
                new OriginObservation(
                        0,
                        Math.max(0, o.inFlight() - 1),
                        ewma(o, latencyMillis),
                        o.ejectedUntilMillis(),
                        o.ejections()));
    }

    /**
     * An origin fault (docs/contracts.md#origin-fault): unreachable, timed out on a request whose body the edge
     * held, a 5xx marked {@code X-Origin-Fault}, or a non-JSON 502/503/504.
     *
     * @return true when this failure ejected the origin
     */
    public boolean requestFailed(String originId, long latencyMillis, long nowMillis) {
        OriginObservation o = of(originId);
        int failures = o.consecutiveFailures() + 1;
        int inFlight = Math.max(0, o.inFlight() - 1);
        double latency = ewma(o, latencyMillis);
        if (failures >= ejection.failuresToEject()) {
            byOrigin.put(
                    originId,
                    new OriginObservation(
                            0, inFlight, latency, nowMillis + ejection.ejectionMillis(), o.ejections() + 1));
            return true;
        }
        byOrigin.put(
                originId, new OriginObservation(failures, inFlight, latency, o.ejectedUntilMillis(), o.ejections()));
        return false;
    }

    public boolean isEjected(String originId, long nowMillis) {
        return of(originId).isEjectedAt(nowMillis);
    }

    /** Milliseconds until the first of the given origins comes back from ejection; 0 when none is ejected. */
    public long millisUntilFirstReturn(Iterable<String> originIds, long nowMillis) {
        long soonest = Long.MAX_VALUE;
        for (String id : originIds) {
            OriginObservation o = of(id);
            if (o.isEjectedAt(nowMillis)) {
                soonest = Math.min(soonest, o.ejectedUntilMillis() - nowMillis);
            }
        }
        return soonest == Long.MAX_VALUE ? 0 : soonest;
    }

    private static double ewma(OriginObservation o, long latencyMillis) {
        double sample = Math.max(0, latencyMillis);
        return o.hasLatency() ? EWMA_ALPHA * sample + (1 - EWMA_ALPHA) * o.ewmaLatencyMillis() : sample;
    }
}

package org.sacredcouncil.core.routing;

import java.util.Map;
import java.util.TreeMap;

/**
 * The edge's own health record of every origin: passively, consecutive failures, requests in flight, an
 * exponentially weighted latency, and ejection; actively, the outcome of the latest probe of its
 * {@code /v1/healthz}. A pure state machine: time is passed in, nothing is read from a clock, so tests drive it
 * step by step.
 *
 * <p>The rule (docs/observability.md#origin-health): an origin is routed to when its last probe did not fail
 * and it is not ejected. {@code failuresToEject} consecutive origin faults eject it for the ejection time; an
 * ejection resets the failure count, so after it ends the origin gets fresh chances. A failed probe takes it
 * out until a probe succeeds; a successful probe also ends an ejection early (the origin proved it answers).
 * Never probed counts as probe-healthy, so the passive rule alone works without probes.
 */
public final class OriginObservations {

    /** Weight of the newest latency sample: recent enough to notice a slow origin within a few requests. */
    public static final double EWMA_ALPHA = 0.3;

    private final OutlierEjection ejection;
    private final Map<String, OriginObservation> byOrigin = new TreeMap<>();
    // a map, not a TreeSet: the edge's bundle already carries TreeMap, a TreeSet would add its own classes
    private final Map<String, Boolean> probedDown = new TreeMap<>();

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

    /**
     * The origin's {@code /v1/healthz} answered 200: it is probe-healthy again, and an ejection in force ends
     * now with its failure count reset.
     *
     * @return true when this probe changed what the edge routes to (it was probe-down or ejected)
     */
    public boolean probeSucceeded(String originId, long nowMillis) {
        boolean changed = probedDown.remove(originId) != null;
        OriginObservation o = of(originId);
        if (o.isEjectedAt(nowMillis)) {
            byOrigin.put(
                    originId, new OriginObservation(0, o.inFlight(), o.ewmaLatencyMillis(), nowMillis, o.ejections()));
            changed = true;
        }
        return changed;
    }

    /**
     * The probe failed (no answer, a timeout, any status but 200): the origin is left out until a probe
     * succeeds. Its passive record is untouched: a probe is not a client's request.
     *
     * @return true when the origin was probe-healthy until now
     */
    public boolean probeFailed(String originId) {
        return probedDown.put(originId, Boolean.TRUE) == null;
    }

    public boolean isProbedDown(String originId) {
        return probedDown.containsKey(originId);
    }

    /** The rule: routed to when its last probe did not fail and it is not ejected. */
    public boolean isRoutable(String originId, long nowMillis) {
        return !isProbedDown(originId) && !isEjected(originId, nowMillis);
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

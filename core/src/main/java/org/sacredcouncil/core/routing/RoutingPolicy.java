package org.sacredcouncil.core.routing;

/**
 * Tunables of {@link CoherenceRouter}.
 *
 * @param regionAffinity   weight multiplier for origins on the client's continent (1 = no preference)
 * @param latencyBudgetMillis EWMA latency up to which an origin is not penalised; beyond it the weight
 *                         falls as budget / latency, so a slow origin sheds load before it fails
 * @param inFlightPenalty  weight is divided by (1 + penalty × requests in flight from this isolate)
 */
public record RoutingPolicy(double regionAffinity, double latencyBudgetMillis, double inFlightPenalty) {

    public static final RoutingPolicy DEFAULT = new RoutingPolicy(3.0, 250, 0.25);

    public RoutingPolicy {
        if (!(regionAffinity >= 1.0) || Double.isInfinite(regionAffinity)) {
            throw new IllegalArgumentException("regionAffinity must be a finite number >= 1, was " + regionAffinity);
        }
        if (!(latencyBudgetMillis > 0)) {
            throw new IllegalArgumentException("latencyBudgetMillis must be > 0, was " + latencyBudgetMillis);
        }
        if (!(inFlightPenalty >= 0)) {
            throw new IllegalArgumentException("inFlightPenalty must be >= 0, was " + inFlightPenalty);
        }
    }
}

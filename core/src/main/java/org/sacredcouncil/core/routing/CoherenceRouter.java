package org.sacredcouncil.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sacredcouncil.core.field.Origin;

/**
 * Chooses the origin for a request. Weight = coherence × health × region affinity × load, where health
 * is the field's {@code healthy} flag, the edge's own ejection and its latest probe (the rule of
 * {@link OriginObservations}; when every origin is probe-down, probes are ignored), and load shrinks the weight for slow or
 * busy origins. The first origin is drawn at random in proportion to weight (so a more coherent origin
 * takes more traffic without starving the others); the rest follow in failover order for a retry.
 *
 * <p>Origins whose weight is zero but that are healthy and not ejected (coherence 0) are still usable:
 * when every weight is zero they are tried in failover order (near ones first, then by id), because a
 * zero-coherence origin is better than no answer.
 */
public final class CoherenceRouter {

    private final RoutingPolicy policy;

    public CoherenceRouter(RoutingPolicy policy) {
        this.policy = policy;
    }

    public RoutingPolicy policy() {
        return policy;
    }

    public RoutePlan plan(
            List<Origin> origins,
            OriginObservations observations,
            String clientContinent,
            long nowMillis,
            RandomSource random) {
        List<Weighted> usable = usable(origins, observations, clientContinent, nowMillis, true);
        if (usable.isEmpty()) {
            // Every origin probe-down (or ejected): probes alone never leave the council with less than the
            // passive rule would (a probe path that fails everywhere must not pause every client).
            usable = usable(origins, observations, clientContinent, nowMillis, false);
        }
        usable.sort(FAILOVER_ORDER);
        List<Origin> order = new ArrayList<>(usable.size());
        Weighted pick = draw(usable, random);
        if (pick != null) {
            order.add(pick.origin);
        }
        for (Weighted w : usable) {
            if (w != pick) {
                order.add(w.origin);
            }
        }
        return new RoutePlan(order);
    }

    private List<Weighted> usable(
            List<Origin> origins,
            OriginObservations observations,
            String clientContinent,
            long nowMillis,
            boolean heedProbes) {
        List<Weighted> usable = new ArrayList<>();
        for (Origin origin : origins) {
            if (!origin.healthy()
                    || observations.isEjected(origin.id(), nowMillis)
                    || (heedProbes && observations.isProbedDown(origin.id()))) {
                continue;
            }
            usable.add(new Weighted(
                    origin,
                    weight(origin, observations.of(origin.id()), clientContinent),
                    RegionAffinity.isNear(origin.region(), clientContinent)));
        }
        return usable;
    }

    /** The routing weight of one origin; 0 when it must not receive weighted traffic. */
    public double weight(Origin origin, OriginObservation observation, String clientContinent) {
        if (!origin.healthy()) {
            return 0;
        }
        double weight = origin.coherence();
        if (RegionAffinity.isNear(origin.region(), clientContinent)) {
            weight *= policy.regionAffinity();
        }
        if (observation.hasLatency() && observation.ewmaLatencyMillis() > policy.latencyBudgetMillis()) {
            weight *= policy.latencyBudgetMillis() / observation.ewmaLatencyMillis();
        }
        return weight / (1 + policy.inFlightPenalty() * observation.inFlight());
    }

    private static Weighted draw(List<Weighted> usable, RandomSource random) {
        double total = 0;
        for (Weighted w : usable) {
            total += w.weight;
        }
        if (!(total > 0)) {
            return usable.isEmpty() ? null : usable.get(0);
        }
        double target = clampUnit(random.nextDouble()) * total;
        Weighted last = null;
        for (Weighted w : usable) {
            if (w.weight <= 0) {
                continue;
            }
            last = w;
            target -= w.weight;
            if (target < 0) {
                return w;
            }
        }
        return last; // rounding left a sliver at the end
    }

    private static double clampUnit(double r) {
        return r < 0 ? 0 : (r >= 1 ? Math.nextDown(1.0) : r);
    }

    /** Highest weight first; ties and zero weights: near before far, then by id, so the order is total. */
    private static final Comparator<Weighted> FAILOVER_ORDER = (a, b) -> {
        int byWeight = Double.compare(b.weight, a.weight);
        if (byWeight != 0) {
            return byWeight;
        }
        if (a.near != b.near) {
            return a.near ? -1 : 1;
        }
        return a.origin.id().compareTo(b.origin.id());
    };

    private static final class Weighted {
        final Origin origin;
        final double weight;
        final boolean near;

        Weighted(Origin origin, double weight, boolean near) {
            this.origin = origin;
            this.weight = weight;
            this.near = near;
        }
    }
}

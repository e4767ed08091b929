package org.sacredcouncil.core.routing;

import java.util.List;
import org.sacredcouncil.core.field.Origin;

/**
 * The origins to try for one request, in order: the weighted pick first, then the failover order. Empty
 * when no origin is available (all unhealthy or ejected), which the pause policy turns into a 503.
 */
public record RoutePlan(List<Origin> origins) {

    public RoutePlan {
        origins = List.copyOf(origins);
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    public Origin first() {
        return origins.isEmpty() ? null : origins.get(0);
    }

    /** The origin to retry on after {@code attempt} (0-based) failed, or null when there is none. */
    public Origin retryAfter(int attempt) {
        return attempt + 1 < origins.size() ? origins.get(attempt + 1) : null;
    }
}

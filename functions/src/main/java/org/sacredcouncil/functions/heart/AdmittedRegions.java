package org.sacredcouncil.functions.heart;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.functions.http.ApiError;

/**
 * The council's regions, a configured set (docs/contracts.md#regions): {@code COUNCIL_REGIONS}, and always
 * this heart's own {@code HEART_REGION} (its agents' default). A region outside the set is refused, so no
 * client can grow the public field by naming new regions.
 */
final class AdmittedRegions {

    private final Set<String> regions;
    private final String home;

    AdmittedRegions(String configured, String home) {
        Set<String> set = new LinkedHashSet<>();
        set.add(home);
        if (configured != null) {
            for (String part : configured.split(",")) {
                String region = part.trim();
                if (AgentRules.isValidRegion(region)) {
                    set.add(region);
                }
            }
        }
        this.regions = Collections.unmodifiableSet(set);
        this.home = home;
    }

    Set<String> all() {
        return regions;
    }

    boolean contains(String region) {
        return regions.contains(region);
    }

    /** The region a client named, or 400 {@code unknown_region} naming {@code field}. */
    String require(String region, String field) {
        if (!regions.contains(region)) {
            throw new ApiError(
                    400,
                    "unknown_region",
                    field,
                    "unknown region '" + region + "'; one of " + String.join(", ", regions));
        }
        return region;
    }

    /** An agent's home region when it is still configured, otherwise this heart's. */
    String defaultFor(String agentHome) {
        return regions.contains(agentHome) ? agentHome : home;
    }
}

package org.sacredcouncil.functions.coherence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sacredcouncil.core.event.MessageSent;

/**
 * The regions coherence folds into the field (docs/contracts.md#regions): {@code COUNCIL_REGIONS}, set by
 * Terraform from the deployed hearts and by the local stack from its own. An event of any other region (a
 * heart since removed, an event injected by hand) is not part of the council's field. Unset: every region
 * seen — for tests only.
 */
public final class FoldedRegions {

    private final Set<String> configured;

    private FoldedRegions(Set<String> configured) {
        this.configured = configured;
    }

    /** @param commaSeparated null or blank = every region */
    public static FoldedRegions parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return new FoldedRegions(null);
        }
        Set<String> regions = new TreeSet<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                regions.add(part.trim());
            }
        }
        return new FoldedRegions(Collections.unmodifiableSet(regions));
    }

    public boolean folds(String region) {
        return configured == null || configured.contains(region);
    }

    public List<MessageSent> messages(List<MessageSent> window) {
        if (configured == null) {
            return window;
        }
        List<MessageSent> kept = new ArrayList<>(window.size());
        for (MessageSent m : window) {
            if (folds(m.region())) {
                kept.add(m);
            }
        }
        return kept;
    }

    /**
     * Presence of the folded regions, with every configured region present (0 agents when nobody is), so
     * that the field lists each region of the council even before anything was said there.
     */
    public SortedMap<String, Integer> presence(SortedMap<String, Integer> presentByRegion) {
        if (configured == null) {
            return presentByRegion;
        }
        SortedMap<String, Integer> kept = new TreeMap<>();
        configured.forEach(region -> kept.put(region, 0));
        presentByRegion.forEach((region, agents) -> {
            if (folds(region)) {
                kept.put(region, agents);
            }
        });
        return kept;
    }
}

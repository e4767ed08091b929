package org.sacredcouncil.core.coherence;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.event.MessageSent;

/**
 * The field recomputed from a list of events (the scheduled path: coherence reads the window from the
 * PostgreSQL log). Each impact is decayed directly from its own time, independently of the incremental
 * path's anchored buckets, so that agreement between the two is a real check of both. Each agent's sum is
 * capped once it is complete ({@link CoherenceModel#capped}), per region and over all regions.
 */
public final class FieldRecompute {

    private FieldRecompute() {
    }

    public static FieldReading read(Iterable<MessageSent> events, long now, CoherenceModel model) {
        Set<String> seen = new HashSet<>();
        // region → agent → decayed impact; TreeMaps so that the summation order is deterministic.
        SortedMap<String, TreeMap<String, Double>> regionAgentImpact = new TreeMap<>();
        double loving = 0;
        double weight = 0;
        int count = 0;
        for (MessageSent event : events) {
            if (!model.counts(event.timeMillis(), now) || !seen.add(event.id())) {
                continue;
            }
            double decay = model.decay(event.timeMillis(), now);
            regionAgentImpact.computeIfAbsent(event.region(), r -> new TreeMap<>())
                    .merge(event.message().agentId(), event.impact() * decay, Double::sum);
            weight += decay;
            if (event.message().type().isLoving()) {
                loving += decay;
            }
            count++;
        }
        SortedMap<String, Double> regions = new TreeMap<>();
        TreeMap<String, Double> agentTotals = new TreeMap<>();
        for (var region : regionAgentImpact.entrySet()) {
            double regionImpact = 0;
            for (Map.Entry<String, Double> agent : region.getValue().entrySet()) {
                regionImpact += model.capped(agent.getValue());
                agentTotals.merge(agent.getKey(), agent.getValue(), Double::sum);
            }
            regions.put(region.getKey(), model.coherence(regionImpact));
        }
        double total = 0;
        for (double agentImpact : agentTotals.values()) {
            total += model.capped(agentImpact);
        }
        return new FieldReading(now, model.coherence(total), regions, model.loveAmplification(loving, weight),
                total, count);
    }
}

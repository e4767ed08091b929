package org.sacredcouncil.core.coherence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    private FieldRecompute() {}

    public static FieldReading read(Iterable<MessageSent> events, long now, CoherenceModel model) {
        Set<String> seen = new HashSet<>();
        // region → agent → decayed impact. Hash maps on the hot path (one lookup per event); every sum over
        // them below walks sorted keys, so the floating-point result never depends on hash order (TeaVM's
        // differs from the JVM's).
        Map<String, Map<String, double[]>> regionAgentImpact = new HashMap<>();
        double loving = 0;
        double weight = 0;
        int count = 0;
        for (MessageSent event : events) {
            if (!model.counts(event.timeMillis(), now) || !seen.add(event.id())) {
                continue;
            }
            double decay = model.decay(event.timeMillis(), now);
            Map<String, double[]> agents = regionAgentImpact.get(event.region());
            if (agents == null) {
                agents = new HashMap<>();
                regionAgentImpact.put(event.region(), agents);
            }
            double[] sum = agents.get(event.message().agentId());
            if (sum == null) {
                sum = new double[1];
                agents.put(event.message().agentId(), sum);
            }
            sum[0] += event.impact() * decay;
            weight += decay;
            if (event.message().type().isLoving()) {
                loving += decay;
            }
            count++;
        }
        SortedMap<String, Double> regions = new TreeMap<>();
        TreeMap<String, Double> agentTotals = new TreeMap<>();
        for (String region : sorted(regionAgentImpact.keySet())) {
            Map<String, double[]> agents = regionAgentImpact.get(region);
            double regionImpact = 0;
            for (String agent : sorted(agents.keySet())) {
                double agentImpact = agents.get(agent)[0];
                regionImpact += model.capped(agentImpact);
                agentTotals.merge(agent, agentImpact, Double::sum);
            }
            regions.put(region, model.coherence(regionImpact));
        }
        double total = 0;
        for (double agentImpact : agentTotals.values()) {
            total += model.capped(agentImpact);
        }
        return new FieldReading(
                now, model.coherence(total), regions, model.loveAmplification(loving, weight), total, count);
    }

    static List<String> sorted(Collection<String> keys) {
        List<String> list = new ArrayList<>(keys);
        Collections.sort(list);
        return list;
    }
}

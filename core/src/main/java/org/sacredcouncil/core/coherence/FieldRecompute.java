package org.sacredcouncil.core.coherence;

import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.event.MessageSent;

/**
 * The field recomputed from a list of events (the scheduled path: coherence reads the window from the
 * PostgreSQL log). Each impact is decayed directly from its own time, independently of the incremental
 * path's anchored buckets, so that agreement between the two is a real check of both.
 */
public final class FieldRecompute {

    private FieldRecompute() {
    }

    public static FieldReading read(Iterable<MessageSent> events, long now, CoherenceModel model) {
        Set<String> seen = new HashSet<>();
        SortedMap<String, Double> regionImpact = new TreeMap<>();
        double loving = 0;
        double weight = 0;
        int count = 0;
        for (MessageSent event : events) {
            if (!model.counts(event.timeMillis(), now) || !seen.add(event.id())) {
                continue;
            }
            double decay = model.decay(event.timeMillis(), now);
            regionImpact.merge(event.region(), event.impact() * decay, Double::sum);
            weight += decay;
            if (event.message().type().isLoving()) {
                loving += decay;
            }
            count++;
        }
        double total = 0;
        SortedMap<String, Double> regions = new TreeMap<>();
        for (var entry : regionImpact.entrySet()) {
            total += entry.getValue();
            regions.put(entry.getKey(), model.coherence(entry.getValue()));
        }
        return new FieldReading(now, model.coherence(total), regions, model.loveAmplification(loving, weight),
                total, count);
    }
}

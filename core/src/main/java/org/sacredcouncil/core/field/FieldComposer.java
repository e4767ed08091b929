package org.sacredcouncil.core.field;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sacredcouncil.core.coherence.FieldReading;

/**
 * Puts a coherence reading, presence counts and the known origins together into the published field state.
 * A region appears when it has messages in the window, agents present, or an origin; without messages its
 * coherence is the global one's baseline behaviour: the reading's value for "nothing said".
 */
public final class FieldComposer {

    private FieldComposer() {}

    /**
     * @param previous the last published state (null for none): the new version is strictly greater
     * @param origins  configured origins (id, url, region); their coherence is taken from their region and
     *                 their health is kept as given
     */
    public static FieldState compose(
            FieldState previous,
            FieldReading reading,
            SortedMap<String, Integer> presence,
            double baselineCoherence,
            List<Origin> origins,
            long now) {
        TreeSet<String> names = new TreeSet<>(reading.regionCoherence().keySet());
        names.addAll(presence.keySet());
        for (Origin origin : origins) {
            if (!origin.region().isEmpty()) {
                names.add(origin.region());
            }
        }
        TreeMap<String, RegionField> regions = new TreeMap<>();
        int total = 0;
        for (String name : names) {
            Double coherence = reading.regionCoherence().get(name);
            int agents = presence.getOrDefault(name, 0);
            total += agents;
            regions.put(name, new RegionField(coherence == null ? baselineCoherence : coherence, agents));
        }
        List<Origin> routed = new ArrayList<>(origins.size());
        for (Origin origin : origins) {
            RegionField region = regions.get(origin.region());
            double coherence = region == null ? reading.globalCoherence() : region.coherence();
            routed.add(new Origin(origin.id(), origin.url(), origin.region(), origin.healthy(), coherence));
        }
        long version = previous == null ? 1 : previous.version() + 1;
        return new FieldState(
                Math.max(version, 1),
                now,
                new RegionField(reading.globalCoherence(), total),
                regions,
                reading.loveAmplification(),
                routed);
    }
}

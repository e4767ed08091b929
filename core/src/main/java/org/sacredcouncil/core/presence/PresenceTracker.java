package org.sacredcouncil.core.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sacredcouncil.core.event.AgentLeft;
import org.sacredcouncil.core.event.CouncilEvent;

/**
 * Who is present: an agent is present at {@code now} when its latest sign of life (join, heartbeat or
 * message) lies within {@code windowMillis} before {@code now} and it has not left since.
 *
 * <p>Only maxima of timestamps are kept, so events fold in any order, any number of times, with the same
 * result; the region of an agent is the one of its latest sign of life, ties broken by region name.
 */
public final class PresenceTracker {

    public static final long DEFAULT_WINDOW_MILLIS = 5 * 60_000L;

    private final long windowMillis;
    private final TreeMap<String, AgentPresence> agents = new TreeMap<>();

    public PresenceTracker(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("presence window must be positive");
        }
        this.windowMillis = windowMillis;
    }

    private static final class AgentPresence {
        long lastSeen = Long.MIN_VALUE;
        String region;
        long lastLeft = Long.MIN_VALUE;
    }

    /**
     * Folds an event: a leave, or a sign of life (an event about an agent in a region: join, heartbeat,
     * message); events about no agent (field updates) are ignored.
     */
    public void apply(CouncilEvent event) {
        if (event instanceof AgentLeft) {
            left(event.subject(), event.timeMillis());
        } else if (event.subject() != null && event.region() != null) {
            seen(event.subject(), event.region(), event.timeMillis());
        }
    }

    /** Folds a presence signal known only by its parts (e.g. a row of the agents table). */
    public void seen(String agentId, String region, long timeMillis) {
        AgentPresence p = agents.computeIfAbsent(agentId, id -> new AgentPresence());
        if (timeMillis > p.lastSeen || (timeMillis == p.lastSeen && region.compareTo(p.region) < 0)) {
            p.lastSeen = timeMillis;
            p.region = region;
        }
    }

    public void left(String agentId, long timeMillis) {
        AgentPresence p = agents.computeIfAbsent(agentId, id -> new AgentPresence());
        p.lastLeft = Math.max(p.lastLeft, timeMillis);
    }

    public boolean isPresent(String agentId, long now) {
        AgentPresence p = agents.get(agentId);
        return p != null && present(p, now);
    }

    private boolean present(AgentPresence p, long now) {
        // Leaving at the same instant as a beat wins: "left" is the later intent when clocks tie.
        return p.region != null && p.lastSeen > now - windowMillis && p.lastSeen <= now && p.lastLeft < p.lastSeen;
    }

    /** Agents present per region at {@code now} (regions with nobody present are absent). */
    public SortedMap<String, Integer> presentByRegion(long now) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, AgentPresence> entry : agents.entrySet()) {
            if (present(entry.getValue(), now)) {
                counts.merge(entry.getValue().region, 1, Integer::sum);
            }
        }
        return counts;
    }

    public int presentCount(long now) {
        int count = 0;
        for (AgentPresence p : agents.values()) {
            if (present(p, now)) {
                count++;
            }
        }
        return count;
    }

    /** Forgets agents not seen since before the window (they cannot become present again without a new event). */
    public void evict(long now) {
        // removed by key after the walk, not values().removeIf: the edge's bundle then needs no TreeMap iterator
        // remove()
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, AgentPresence> e : agents.entrySet()) {
            AgentPresence p = e.getValue();
            if (p.lastSeen <= now - windowMillis && p.lastLeft <= now - windowMillis) {
                gone.add(e.getKey());
            }
        }
        for (String agentId : gone) {
            agents.remove(agentId);
        }
    }

    public long windowMillis() {
        return windowMillis;
    }
}

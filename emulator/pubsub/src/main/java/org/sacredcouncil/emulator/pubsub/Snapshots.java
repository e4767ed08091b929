package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The snapshots and the messages each keeps: as the service guarantees, the backlog of its subscription
 * when it was made, and every message published to its topic since. A snapshot lives until its
 * {@code expire_time}: 7 days minus the age of the oldest message it was made with.
 */
final class Snapshots {

    static final long LIFETIME_MILLIS = 7L * 24 * 3600 * 1000;
    /** The service refuses a snapshot that would expire sooner than this after its creation. */
    static final long MIN_LIFETIME_MILLIS = 3600 * 1000;

    private static final class Kept {
        volatile Snapshot snapshot;
        final LinkedHashMap<String, PubsubMessage> messages = new LinkedHashMap<>(); // guarded by this

        Kept(Snapshot snapshot) {
            this.snapshot = snapshot;
        }
    }

    private final Map<String, Kept> byName = new ConcurrentHashMap<>();

    boolean exists(String name) {
        return byName.containsKey(name);
    }

    /** The expire time of a snapshot made now from this backlog. */
    static long expireMillis(List<PubsubMessage> backlog, long nowMillis) {
        long oldest = nowMillis;
        for (PubsubMessage m : backlog) {
            oldest = Math.min(oldest, Timestamps.toMillis(m.getPublishTime()));
        }
        return oldest + LIFETIME_MILLIS;
    }

    void put(Snapshot snapshot, List<PubsubMessage> messages) {
        Kept kept = new Kept(snapshot);
        for (PubsubMessage m : messages) {
            kept.messages.put(m.getMessageId(), m);
        }
        byName.put(snapshot.getName(), kept);
    }

    Snapshot get(String name) {
        Kept kept = byName.get(name);
        if (kept == null) {
            throw ResourceNames.notFound("Snapshot", name);
        }
        return kept.snapshot;
    }

    void update(Snapshot snapshot) {
        get(snapshot.getName());
        byName.get(snapshot.getName()).snapshot = snapshot;
    }

    List<PubsubMessage> messages(String name) {
        Kept kept = byName.get(name);
        if (kept == null) {
            throw ResourceNames.notFound("Snapshot", name);
        }
        synchronized (kept) {
            return new ArrayList<>(kept.messages.values());
        }
    }

    void delete(String name) {
        if (byName.remove(name) == null) {
            throw ResourceNames.notFound("Snapshot", name);
        }
    }

    /** Sorted by name. */
    List<Snapshot> list(java.util.function.Predicate<Snapshot> which) {
        List<Snapshot> out = new ArrayList<>();
        for (Kept kept : new TreeMap<>(byName).values()) {
            if (which.test(kept.snapshot)) {
                out.add(kept.snapshot);
            }
        }
        return out;
    }

    void published(String topic, List<PubsubMessage> messages) {
        for (Kept kept : byName.values()) {
            if (kept.snapshot.getTopic().equals(topic)) {
                synchronized (kept) {
                    for (PubsubMessage m : messages) {
                        kept.messages.put(m.getMessageId(), m);
                    }
                }
            }
        }
    }

    /** Drops the snapshots past their expire time; returns their names. */
    List<String> expire(long nowMillis) {
        List<String> gone = new ArrayList<>();
        byName.values().removeIf(kept -> {
            boolean expired = Timestamps.toMillis(kept.snapshot.getExpireTime()) <= nowMillis;
            if (expired) {
                gone.add(kept.snapshot.getName());
            }
            return expired;
        });
        return gone;
    }

    void clear() {
        byName.clear();
    }

    /** Every snapshot with its messages, for the journal's image. */
    void forEach(java.util.function.BiConsumer<Snapshot, List<PubsubMessage>> each) {
        for (Kept kept : new TreeMap<>(byName).values()) {
            each.accept(kept.snapshot, messages(kept.snapshot.getName()));
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages a topic with {@code message_retention_duration} keeps, acknowledged or not, so that a
 * subscription of it can seek back to a time before it existed (as the service documents for topic
 * retention). Guarded per topic.
 */
final class TopicRetention {

    private final Map<String, LinkedHashMap<String, PubsubMessage>> byTopic = new ConcurrentHashMap<>();

    void published(Topic topic, List<PubsubMessage> messages) {
        if (!topic.hasMessageRetentionDuration()) {
            return;
        }
        LinkedHashMap<String, PubsubMessage> kept =
                byTopic.computeIfAbsent(topic.getName(), t -> new LinkedHashMap<>());
        synchronized (kept) {
            for (PubsubMessage m : messages) {
                kept.put(m.getMessageId(), m);
            }
        }
    }

    /** The kept messages published at or after {@code fromMillis} and within the retention as of {@code nowMillis}. */
    List<PubsubMessage> since(Topic topic, long fromMillis, long nowMillis) {
        LinkedHashMap<String, PubsubMessage> kept = topic == null ? null : byTopic.get(topic.getName());
        if (kept == null || !topic.hasMessageRetentionDuration()) {
            return List.of();
        }
        long oldest = Math.max(fromMillis, nowMillis - Durations.toMillis(topic.getMessageRetentionDuration()));
        List<PubsubMessage> out = new ArrayList<>();
        synchronized (kept) {
            for (PubsubMessage m : kept.values()) {
                if (Timestamps.toMillis(m.getPublishTime()) >= oldest) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    void prune(Map<String, Topic> topics, long nowMillis) {
        byTopic.entrySet().removeIf(e -> {
            Topic topic = topics.get(e.getKey());
            if (topic == null || !topic.hasMessageRetentionDuration()) {
                return true;
            }
            long oldest = nowMillis - Durations.toMillis(topic.getMessageRetentionDuration());
            synchronized (e.getValue()) {
                e.getValue().values().removeIf(m -> Timestamps.toMillis(m.getPublishTime()) < oldest);
            }
            return false;
        });
    }

    void drop(String topic) {
        byTopic.remove(topic);
    }

    void clear() {
        byTopic.clear();
    }

    /** Every topic's kept messages, for the journal's image. */
    void forEach(java.util.function.BiConsumer<String, List<PubsubMessage>> each) {
        for (Map.Entry<String, LinkedHashMap<String, PubsubMessage>> e : byTopic.entrySet()) {
            List<PubsubMessage> copy;
            synchronized (e.getValue()) {
                copy = new ArrayList<>(e.getValue().values());
            }
            each.accept(e.getKey(), copy);
        }
    }

    void restore(String topic, List<PubsubMessage> messages) {
        LinkedHashMap<String, PubsubMessage> kept = byTopic.computeIfAbsent(topic, t -> new LinkedHashMap<>());
        synchronized (kept) {
            messages.forEach(m -> kept.put(m.getMessageId(), m));
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sacredcouncil.emulator.pubsub.push.PushDelivery;

/**
 * The emulator's state: topics, subscriptions and their queues, and the push deliveries. Admin
 * changes are serialized on {@code this}; publishing reads the maps without that lock.
 */
final class Broker implements AutoCloseable {

    static final String DELETED_TOPIC = "_deleted-topic_";
    private static final JsonLog LOG = JsonLog.forComponent("pubsub-emulator");
    private static final long TICK_MILLIS = 20;

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<String, SubscriptionQueue> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscriptionsOfTopic = new ConcurrentHashMap<>();
    private final Map<String, PushConsumer> pushes = new ConcurrentHashMap<>();
    private final Set<StreamingPullSession> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong messageIds = new AtomicLong(1);
    private final AtomicInteger subscriptionIndex = new AtomicInteger();
    private final ScheduledExecutorService ticker;

    Broker() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pubsub-emulator-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    ScheduledExecutorService scheduler() {
        return ticker;
    }

    private void tick() {
        try {
            long now = nowMillis();
            for (SubscriptionQueue queue : subscriptions.values()) {
                queue.tick(now);
            }
        } catch (RuntimeException e) {
            LOG.error("ticker failed", e);
        }
    }

    // ---------------------------------------------------------------- topics

    synchronized Topic createTopic(Topic request) {
        String name = ResourceNames.requireTopic(request.getName());
        if (topics.containsKey(name)) {
            throw ResourceNames.alreadyExists("Topic", name);
        }
        topics.put(name, request);
        subscriptionsOfTopic.put(name, new CopyOnWriteArraySet<>());
        LOG.debug("topic created", "topic", name);
        return request;
    }

    Topic getTopic(String name) {
        ResourceNames.requireTopic(name);
        Topic topic = topics.get(name);
        if (topic == null) {
            throw ResourceNames.notFound("Topic", name);
        }
        return topic;
    }

    synchronized Topic updateTopic(Topic updated) {
        getTopic(updated.getName());
        topics.put(updated.getName(), updated);
        return updated;
    }

    List<Topic> listTopics(String project) {
        String prefix = "projects/" + ResourceNames.requireProject(project) + "/topics/";
        return new TreeMap<>(topics).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    List<String> listTopicSubscriptions(String topic) {
        getTopic(topic);
        return subscriptionsOfTopic.getOrDefault(topic, Set.of()).stream().sorted().toList();
    }

    synchronized void deleteTopic(String name) {
        getTopic(name);
        topics.remove(name);
        Set<String> subs = subscriptionsOfTopic.remove(name);
        for (String sub : subs == null ? Set.<String>of() : subs) {
            SubscriptionQueue queue = subscriptions.get(sub);
            if (queue != null) {
                queue.updateConfig(queue.config().toBuilder().setTopic(DELETED_TOPIC).build());
            }
        }
    }

    List<String> publish(String topicName, List<PubsubMessage> messages) {
        getTopic(topicName);
        if (messages.isEmpty()) {
            throw ResourceNames.invalid("The request contains no messages.");
        }
        List<PubsubMessage> stamped = new ArrayList<>(messages.size());
        List<String> ids = new ArrayList<>(messages.size());
        com.google.protobuf.Timestamp now = Timestamps.fromMillis(System.currentTimeMillis());
        for (PubsubMessage message : messages) {
            if (message.getData().isEmpty() && message.getAttributesCount() == 0) {
                throw ResourceNames.invalid("Some messages contain no data and no attributes.");
            }
            for (String key : message.getAttributesMap().keySet()) {
                if (key.isEmpty() || key.startsWith("goog")) {
                    throw ResourceNames.invalid("Invalid attribute key: \"" + key + "\".");
                }
            }
            String id = Long.toString(messageIds.getAndIncrement());
            ids.add(id);
            stamped.add(message.toBuilder().setMessageId(id).setPublishTime(now).build());
        }
        for (String sub : subscriptionsOfTopic.getOrDefault(topicName, Set.of())) {
            SubscriptionQueue queue = subscriptions.get(sub);
            if (queue != null) {
                queue.enqueue(stamped);
            }
        }
        return ids;
    }

    void publishDeadLetter(String topic, PubsubMessage message) {
        try {
            publish(topic, List.of(message));
            LOG.info("message dead-lettered", "topic", topic,
                    "subscription", message.getAttributesOrDefault("CloudPubSubDeadLetterSourceSubscription", ""),
                    "deliveryAttempts", message.getAttributesOrDefault("CloudPubSubDeadLetterSourceDeliveryCount", ""));
        } catch (RuntimeException e) {
            LOG.warn("dead-letter topic unavailable; message dropped", "topic", topic, "error", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- subscriptions

    synchronized Subscription createSubscription(Subscription request) {
        String name = ResourceNames.requireSubscription(request.getName());
        ResourceNames.requireTopic(request.getTopic());
        if (subscriptions.containsKey(name)) {
            throw ResourceNames.alreadyExists("Subscription", name);
        }
        if (!topics.containsKey(request.getTopic())) {
            throw ResourceNames.notFound("Topic", request.getTopic());
        }
        Subscription config = withDefaults(request);
        validate(config);
        SubscriptionQueue queue = new SubscriptionQueue(this, config, subscriptionIndex.incrementAndGet());
        subscriptions.put(name, queue);
        subscriptionsOfTopic.get(config.getTopic()).add(name);
        applyPush(queue);
        LOG.debug("subscription created", "subscription", name, "topic", config.getTopic());
        return config;
    }

    SubscriptionQueue queue(String name) {
        ResourceNames.requireSubscription(name);
        SubscriptionQueue queue = subscriptions.get(name);
        if (queue == null) {
            throw ResourceNames.notFound("Subscription", name);
        }
        return queue;
    }

    synchronized Subscription updateSubscription(Subscription updated) {
        SubscriptionQueue queue = queue(updated.getName());
        if (!updated.getTopic().equals(queue.config().getTopic())) {
            throw ResourceNames.invalid("The topic of a subscription cannot be changed.");
        }
        Subscription config = withDefaults(updated);
        validate(config);
        queue.updateConfig(config);
        applyPush(queue);
        return config;
    }

    List<Subscription> listSubscriptions(String project) {
        String prefix = "projects/" + ResourceNames.requireProject(project) + "/subscriptions/";
        return new TreeMap<>(subscriptions).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().config()).toList();
    }

    synchronized void deleteSubscription(String name) {
        SubscriptionQueue queue = queue(name);
        subscriptions.remove(name);
        Set<String> siblings = subscriptionsOfTopic.get(queue.config().getTopic());
        if (siblings != null) {
            siblings.remove(name);
        }
        PushConsumer push = pushes.remove(name);
        if (push != null) {
            push.push.close();
        }
        for (MessageConsumer consumer : queue.delete()) {
            if (consumer instanceof StreamingPullSession session) {
                session.terminate(io.grpc.Status.NOT_FOUND.withDescription("Subscription deleted."));
            }
        }
    }

    private void applyPush(SubscriptionQueue queue) {
        PushConsumer old = pushes.remove(queue.name());
        if (old != null) {
            queue.removeConsumer(old);
            old.push.close();
        }
        Subscription config = queue.config();
        if (config.hasPushConfig() && !config.getPushConfig().getPushEndpoint().isEmpty()) {
            PushDelivery push = new PushDelivery(queue.name(), config, new PushDelivery.Callbacks() {
                @Override
                public void ack(String ackId) {
                    queue.acknowledge(List.of(ackId));
                }

                @Override
                public void nack(String ackId) {
                    queue.nack(ackId);
                }
            });
            PushConsumer consumer = new PushConsumer(push);
            pushes.put(queue.name(), consumer);
            queue.addConsumer(consumer);
        }
    }

    private static Subscription withDefaults(Subscription request) {
        Subscription.Builder config = request.toBuilder();
        if (config.getAckDeadlineSeconds() == 0) {
            config.setAckDeadlineSeconds(10);
        }
        if (!config.hasMessageRetentionDuration()) {
            config.setMessageRetentionDuration(Durations.fromDays(7));
        }
        if (config.hasDeadLetterPolicy() && config.getDeadLetterPolicy().getMaxDeliveryAttempts() == 0) {
            config.setDeadLetterPolicy(config.getDeadLetterPolicy().toBuilder().setMaxDeliveryAttempts(5));
        }
        return config.build();
    }

    private void validate(Subscription config) {
        int deadline = config.getAckDeadlineSeconds();
        if (deadline < 10 || deadline > 600) {
            throw ResourceNames.invalid("Invalid ack deadline given: " + deadline + " (must be 10-600 seconds).");
        }
        if (!config.getFilter().isEmpty()) {
            throw ResourceNames.invalid("Subscription filters are not supported by this emulator.");
        }
        if (config.hasDeadLetterPolicy()) {
            DeadLetterPolicy policy = config.getDeadLetterPolicy();
            ResourceNames.requireTopic(policy.getDeadLetterTopic());
            if (!topics.containsKey(policy.getDeadLetterTopic())) {
                throw ResourceNames.notFound("Topic", policy.getDeadLetterTopic());
            }
            int max = policy.getMaxDeliveryAttempts();
            if (max < 5 || max > 100) {
                throw ResourceNames.invalid("max_delivery_attempts must be 5-100, got " + max + ".");
            }
        }
        if (config.hasRetryPolicy()) {
            RetryPolicy retry = config.getRetryPolicy();
            long min = retry.hasMinimumBackoff() ? Durations.toMillis(retry.getMinimumBackoff()) : 10_000;
            long max = retry.hasMaximumBackoff() ? Durations.toMillis(retry.getMaximumBackoff()) : 600_000;
            if (min < 0 || max > 600_000 || min > max) {
                throw ResourceNames.invalid("Invalid retry policy: backoff must satisfy 0 <= minimum <= maximum <= 600s.");
            }
        }
        if (config.hasPushConfig() && !config.getPushConfig().getPushEndpoint().isEmpty()) {
            String endpoint = config.getPushConfig().getPushEndpoint();
            try {
                URI uri = URI.create(endpoint);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw ResourceNames.invalid("Invalid push endpoint given (endpoint=" + endpoint + ").");
            }
            try {
                org.sacredcouncil.emulator.pubsub.push.PushFormat.fromAttribute(config.getPushConfig()
                        .getAttributesMap().get(org.sacredcouncil.emulator.pubsub.push.PushFormat.ATTRIBUTE));
            } catch (IllegalArgumentException e) {
                throw ResourceNames.invalid(e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- streams

    StreamingPullSession openStream(io.grpc.stub.StreamObserver<com.google.pubsub.v1.StreamingPullResponse> out) {
        StreamingPullSession session = new StreamingPullSession(this, out, streams::remove);
        streams.add(session);
        return session;
    }

    /** Ends every open stream so that clients stop (or reconnect) before the server goes away. */
    void closeStreams() {
        for (StreamingPullSession session : List.copyOf(streams)) {
            session.terminate(io.grpc.Status.UNAVAILABLE.withDescription("The emulator is shutting down."));
        }
    }

    // ---------------------------------------------------------------- lifecycle

    synchronized void reset() {
        for (String name : List.copyOf(subscriptions.keySet())) {
            deleteSubscription(name);
        }
        topics.clear();
        subscriptionsOfTopic.clear();
    }

    int backlog(String subscription) {
        return queue(subscription).backlog();
    }

    @Override
    public synchronized void close() {
        reset();
        ticker.shutdownNow();
    }

    /** Adapts a push delivery to the queue's consumer contract (its counters live under the queue lock). */
    private static final class PushConsumer implements MessageConsumer {
        private final PushDelivery push;
        private int outstanding;

        PushConsumer(PushDelivery push) {
            this.push = push;
        }

        @Override
        public int capacity() {
            return push.isClosed() ? 0 : push.maxOutstanding() - outstanding;
        }

        @Override
        public long ackDeadlineMillis() {
            return push.leaseMillis();
        }

        @Override
        public void leased(int count) {
            outstanding += count;
        }

        @Override
        public void released(int count) {
            outstanding -= count;
        }

        @Override
        public void deliver(List<com.google.pubsub.v1.ReceivedMessage> batch) {
            push.deliver(batch);
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Snapshot;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.Topic;
import java.net.URI;
import java.nio.file.Path;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
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
    private final Snapshots snapshots = new Snapshots();
    private final TopicRetention topicRetention = new TopicRetention();
    private final org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry schemas =
            new org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry(
                    new org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry.Recorder() {
                        @Override
                        public void revisionAdded(com.google.pubsub.v1.Schema revision) {
                            record(StateRecords.SCHEMA_PUT, List.of(revision.toByteArray()));
                        }

                        @Override
                        public void deleted(String schema, String revisionId) {
                            record(StateRecords.SCHEMA_DELETE, List.of(Journal.utf8(schema), Journal.utf8(revisionId)));
                        }
                    });
    private final AtomicLong messageIds = new AtomicLong(1);
    private final AtomicInteger subscriptionIndex = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    /** Null: state in memory only. */
    private final Journal journal;
    /**
     * Held shared by every change that writes a record, exclusively while the journal is rewritten as an
     * image: so no change is both in the image and appended after it (a publish would be replayed twice).
     */
    private final ReentrantReadWriteLock imageLock = new ReentrantReadWriteLock();

    /**
     * Starts every ack id of this run: an ack id handed out before a restart names no lease after it (the
     * lease ended with the run), so it can never acknowledge a message delivered again since.
     */
    private final String ackIdPrefix =
            Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";

    private volatile boolean replaying;
    private long nextSnapshotScan; // ticker thread only

    /** Publish times, retention and snapshot expiry; a test moves it forward instead of waiting. */
    private final java.time.Clock wall;

    Broker() {
        this(null, java.time.Clock.systemUTC());
    }

    /** With a data directory: the state recorded there is replayed first, and every change is recorded. */
    Broker(Path dataDir, java.time.Clock wall) {
        this.wall = wall;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pubsub-emulator-ticker");
            t.setDaemon(true);
            return t;
        });
        journal = dataDir == null ? null : Journal.open(dataDir);
        if (journal != null) {
            replaying = true;
            try {
                int records = journal.replay(this::apply);
                LOG.info(
                        "Pub/Sub state restored",
                        "dataDir",
                        dataDir.toString(),
                        "records",
                        records,
                        "topics",
                        topics.size(),
                        "subscriptions",
                        subscriptions.size(),
                        "unacked",
                        subscriptions.values().stream()
                                .mapToInt(SubscriptionQueue::backlog)
                                .sum());
            } catch (RuntimeException e) {
                journal.close();
                ticker.shutdownNow();
                throw e;
            } finally {
                replaying = false;
            }
            List<Runnable> endedAtRestart = new ArrayList<>();
            for (SubscriptionQueue queue : subscriptions.values()) {
                endedAtRestart.add(queue.finishRestore());
            }
            compact();
            endedAtRestart.forEach(Runnable::run); // dead letters: recorded, so after the image opened the file
            // pushes start only now, so that replay does not push messages a later record acknowledges
            for (SubscriptionQueue queue : subscriptions.values()) {
                applyPush(queue);
            }
            ticker.scheduleWithFixedDelay(
                    this::syncJournal, Journal.SYNC_MILLIS, Journal.SYNC_MILLIS, TimeUnit.MILLISECONDS);
        }
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void syncJournal() {
        try {
            journal.sync();
            if (journal.wantsCompaction()) {
                compact();
            }
        } catch (RuntimeException e) {
            LOG.error("journal maintenance failed", e);
        }
    }

    /** Rewrites the journal as an image of the current state. */
    synchronized void compact() {
        if (journal == null) {
            return;
        }
        imageLock.writeLock().lock();
        try {
            journal.rewrite(this::writeImage);
        } finally {
            imageLock.writeLock().unlock();
        }
    }

    boolean persistent() {
        return journal != null;
    }

    /** Records one change (nothing while replaying or without a data directory). */
    void record(int type, List<byte[]> fields) {
        if (journal == null || replaying) {
            return;
        }
        imageLock.readLock().lock();
        try {
            journal.append(type, fields);
        } finally {
            imageLock.readLock().unlock();
        }
    }

    /** Runs a change and its record as one step with respect to an image rewrite. */
    <T> T recorded(java.util.function.Supplier<T> change) {
        imageLock.readLock().lock();
        try {
            return change.get();
        } finally {
            imageLock.readLock().unlock();
        }
    }

    String ackIdPrefix() {
        return ackIdPrefix;
    }

    long wallMillis() {
        return wall.millis();
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
            if (now >= nextSnapshotScan) {
                nextSnapshotScan = now + 1000;
                for (String gone : snapshots.expire(wallMillis())) {
                    LOG.info("snapshot expired", "snapshot", gone);
                }
                topicRetention.prune(topics, wallMillis());
            }
        } catch (RuntimeException e) {
            LOG.error("ticker failed", e);
        }
    }

    // ---------------------------------------------------------------- topics

    synchronized Topic createTopic(Topic request) {
        String name = ResourceNames.requireTopic(request.getName());
        validateTopic(request);
        if (topics.containsKey(name)) {
            throw ResourceNames.alreadyExists("Topic", name);
        }
        putTopic(request);
        record(StateRecords.TOPIC_PUT, List.of(request.toByteArray()));
        LOG.debug("topic created", "topic", name);
        return request;
    }

    private void putTopic(Topic topic) {
        topics.put(topic.getName(), topic);
        subscriptionsOfTopic.putIfAbsent(topic.getName(), new CopyOnWriteArraySet<>());
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
        validateTopic(updated);
        putTopic(updated);
        record(StateRecords.TOPIC_PUT, List.of(updated.toByteArray()));
        return updated;
    }

    List<Topic> listTopics(String project) {
        String prefix = "projects/" + ResourceNames.requireProject(project) + "/topics/";
        return new TreeMap<>(topics)
                .entrySet().stream()
                        .filter(e -> e.getKey().startsWith(prefix))
                        .map(Map.Entry::getValue)
                        .toList();
    }

    List<String> listTopicSubscriptions(String topic) {
        getTopic(topic);
        return subscriptionsOfTopic.getOrDefault(topic, Set.of()).stream()
                .sorted()
                .toList();
    }

    synchronized void deleteTopic(String name) {
        getTopic(name);
        record(StateRecords.TOPIC_DELETE, List.of(Journal.utf8(name)));
        topics.remove(name);
        topicRetention.drop(name);
        Set<String> subs = subscriptionsOfTopic.remove(name);
        for (String sub : subs == null ? Set.<String>of() : subs) {
            SubscriptionQueue queue = subscriptions.get(sub);
            if (queue != null) {
                queue.updateConfig(
                        queue.config().toBuilder().setTopic(DELETED_TOPIC).build());
            }
        }
    }

    List<String> publish(String topicName, List<PubsubMessage> messages) {
        Topic topic = getTopic(topicName);
        if (messages.isEmpty()) {
            throw ResourceNames.invalid("The request contains no messages.");
        }
        for (PubsubMessage message : messages) {
            if (message.getData().isEmpty() && message.getAttributesCount() == 0) {
                throw ResourceNames.invalid("Some messages contain no data and no attributes.");
            }
            for (String key : message.getAttributesMap().keySet()) {
                if (key.isEmpty() || key.startsWith("goog")) {
                    throw ResourceNames.invalid("Invalid attribute key: \"" + key + "\".");
                }
            }
        }
        List<PubsubMessage> checked = messages;
        if (topic.hasSchemaSettings()) {
            checked = new ArrayList<>(messages.size());
            for (PubsubMessage message : messages) {
                // refused whole, as the service refuses a request with one non-conforming message
                checked.add(message.toBuilder()
                        .putAllAttributes(schemas.conform(
                                topic.getSchemaSettings(), message.getData().toByteArray()))
                        .build());
            }
        }
        List<PubsubMessage> toStamp = checked;
        return recorded(() -> {
            List<PubsubMessage> stamped = new ArrayList<>(messages.size());
            List<String> ids = new ArrayList<>(messages.size());
            com.google.protobuf.Timestamp now = Timestamps.fromMillis(wallMillis());
            for (PubsubMessage message : toStamp) {
                String id = Long.toString(messageIds.getAndIncrement());
                ids.add(id);
                stamped.add(
                        message.toBuilder().setMessageId(id).setPublishTime(now).build());
            }
            // recorded before it is delivered: an answered publish is in the journal
            record(StateRecords.PUBLISH, StateRecords.fields(topicName, stamped));
            fanOut(topicName, stamped);
            return ids;
        });
    }

    private void fanOut(String topicName, List<PubsubMessage> stamped) {
        snapshots.published(topicName, stamped);
        Topic topic = topics.get(topicName);
        if (topic != null) {
            topicRetention.published(topic, stamped);
        }
        for (String sub : subscriptionsOfTopic.getOrDefault(topicName, Set.of())) {
            SubscriptionQueue queue = subscriptions.get(sub);
            if (queue != null) {
                queue.enqueue(stamped);
            }
        }
    }

    void publishDeadLetter(String topic, PubsubMessage message) {
        try {
            publish(topic, List.of(message));
            LOG.info(
                    "message dead-lettered",
                    "topic",
                    topic,
                    "subscription",
                    message.getAttributesOrDefault("CloudPubSubDeadLetterSourceSubscription", ""),
                    "deliveryAttempts",
                    message.getAttributesOrDefault("CloudPubSubDeadLetterSourceDeliveryCount", ""));
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
        Topic topic = topics.get(config.getTopic());
        if (topic.hasMessageRetentionDuration()) {
            config = config.toBuilder()
                    .setTopicMessageRetentionDuration(topic.getMessageRetentionDuration())
                    .build();
        }
        applyPush(addSubscription(config));
        record(StateRecords.SUBSCRIPTION_PUT, List.of(config.toByteArray()));
        LOG.debug("subscription created", "subscription", name, "topic", config.getTopic());
        return config;
    }

    private SubscriptionQueue addSubscription(Subscription config) {
        SubscriptionQueue queue = new SubscriptionQueue(this, config, subscriptionIndex.incrementAndGet());
        subscriptions.put(config.getName(), queue);
        Set<String> siblings = subscriptionsOfTopic.get(config.getTopic());
        if (siblings != null) {
            siblings.add(config.getName());
        }
        return queue;
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
        if (!updated.getFilter().equals(queue.config().getFilter())) {
            // the service: "After creating the subscription, you can't modify the filter" (so does Google's emulator)
            throw ResourceNames.invalid("Invalid update_mask provided in the UpdateSubscriptionRequest: the filter"
                    + " of a subscription cannot be changed.");
        }
        Subscription config = withDefaults(updated);
        validate(config);
        queue.updateConfig(config);
        applyPush(queue);
        record(StateRecords.SUBSCRIPTION_PUT, List.of(config.toByteArray()));
        return config;
    }

    List<Subscription> listSubscriptions(String project) {
        String prefix = "projects/" + ResourceNames.requireProject(project) + "/subscriptions/";
        return new TreeMap<>(subscriptions)
                .entrySet().stream()
                        .filter(e -> e.getKey().startsWith(prefix))
                        .map(e -> e.getValue().config())
                        .toList();
    }

    synchronized void deleteSubscription(String name) {
        SubscriptionQueue queue = queue(name);
        record(StateRecords.SUBSCRIPTION_DELETE, List.of(Journal.utf8(name)));
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
        SubscriptionFilter.parse(config.getFilter()); // refuses an invalid filter
        Retention.requireWithinBounds("message_retention_duration", config.getMessageRetentionDuration());
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
                throw ResourceNames.invalid(
                        "Invalid retry policy: backoff must satisfy 0 <= minimum <= maximum <= 600s.");
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
                        .getAttributesMap()
                        .get(org.sacredcouncil.emulator.pubsub.push.PushFormat.ATTRIBUTE));
            } catch (IllegalArgumentException e) {
                throw ResourceNames.invalid(e.getMessage());
            }
        }
    }

    org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry schemas() {
        return schemas;
    }

    /**
     * Runs a change of the schema registry under the broker's lock, as every recorded admin change: so that
     * no image rewrite (which takes this lock first) waits on the registry while the registry waits on it.
     */
    synchronized <T> T schemaChange(java.util.function.Supplier<T> change) {
        return change.get();
    }

    /** Deletes a schema; the topics that named it show {@code _deleted-schema_} and refuse publishing. */
    synchronized void deleteSchema(String name) {
        schemas.delete(name);
        markSchemaDeleted(name);
    }

    private void markSchemaDeleted(String name) {
        for (Topic topic : List.copyOf(topics.values())) {
            if (topic.hasSchemaSettings()
                    && topic.getSchemaSettings().getSchema().equals(name)) {
                putTopic(topic.toBuilder()
                        .setSchemaSettings(topic.getSchemaSettings().toBuilder()
                                .setSchema(org.sacredcouncil.emulator.pubsub.schema.SchemaRegistry.DELETED_SCHEMA))
                        .build());
            }
        }
    }

    private void validateTopic(Topic topic) {
        if (topic.hasSchemaSettings()) {
            schemas.validateSettings(topic.getSchemaSettings());
        }
        if (topic.hasMessageRetentionDuration()) {
            Retention.requireWithinBounds("message_retention_duration", topic.getMessageRetentionDuration());
        }
    }

    /**
     * Detaches a subscription from its topic, as the service: it gets no more messages, its backlog is
     * dropped, pulls are FAILED_PRECONDITION and pushes stop. It can still be read and deleted.
     */
    synchronized void detachSubscription(String name) {
        SubscriptionQueue queue = queue(name);
        record(StateRecords.SUBSCRIPTION_DETACH, List.of(Journal.utf8(name)));
        detach(queue);
    }

    private void detach(SubscriptionQueue queue) {
        Set<String> siblings = subscriptionsOfTopic.get(queue.config().getTopic());
        if (siblings != null) {
            siblings.remove(queue.name());
        }
        queue.updateConfig(queue.config().toBuilder().setDetached(true).build());
        PushConsumer push = pushes.remove(queue.name());
        if (push != null) {
            queue.removeConsumer(push);
            push.push.close();
        }
        for (MessageConsumer consumer : queue.detach()) {
            if (consumer instanceof StreamingPullSession session) {
                session.terminate(io.grpc.Status.FAILED_PRECONDITION.withDescription("Subscription is detached."));
            }
        }
    }

    // ---------------------------------------------------------------- snapshots and seek

    synchronized Snapshot createSnapshot(String name, String subscription, Map<String, String> labels) {
        SubscriptionQueue queue = queue(subscription);
        if (name.isEmpty()) {
            name = "projects/" + ResourceNames.project(subscription) + "/snapshots/snapshot-"
                    + java.util.UUID.randomUUID();
        }
        ResourceNames.requireSnapshot(name);
        if (snapshots.exists(name)) {
            throw ResourceNames.alreadyExists("Snapshot", name);
        }
        if (queue.config().getTopic().equals(DELETED_TOPIC) || queue.config().getDetached()) {
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("The subscription's topic is deleted or it is detached: nothing to snapshot.")
                    .asRuntimeException();
        }
        long now = wallMillis();
        List<PubsubMessage> backlog = queue.unackedMessages();
        long expire = Snapshots.expireMillis(backlog, now);
        if (expire - now < Snapshots.MIN_LIFETIME_MILLIS) {
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("The snapshot would expire in less than"
                            + " 1 hour: the subscription's oldest unacknowledged message is too old.")
                    .asRuntimeException();
        }
        Snapshot snapshot = Snapshot.newBuilder()
                .setName(name)
                .setTopic(queue.config().getTopic())
                .setExpireTime(Timestamps.fromMillis(expire))
                .putAllLabels(labels)
                .build();
        record(StateRecords.SNAPSHOT_CREATE, List.of(snapshot.toByteArray(), Journal.utf8(subscription)));
        snapshots.put(snapshot, backlog);
        return snapshot;
    }

    Snapshot getSnapshot(String name) {
        return snapshots.get(ResourceNames.requireSnapshot(name));
    }

    List<Snapshot> listSnapshots(String project) {
        String prefix = "projects/" + ResourceNames.requireProject(project) + "/snapshots/";
        return snapshots.list(s -> s.getName().startsWith(prefix));
    }

    List<String> listTopicSnapshots(String topic) {
        getTopic(topic);
        return snapshots.list(s -> s.getTopic().equals(topic)).stream()
                .map(Snapshot::getName)
                .toList();
    }

    synchronized Snapshot updateSnapshot(Snapshot updated) {
        snapshots.get(ResourceNames.requireSnapshot(updated.getName()));
        record(StateRecords.SNAPSHOT_UPDATE, List.of(updated.toByteArray()));
        snapshots.update(updated);
        return updated;
    }

    synchronized void deleteSnapshot(String name) {
        snapshots.get(ResourceNames.requireSnapshot(name));
        record(StateRecords.SNAPSHOT_DELETE, List.of(Journal.utf8(name)));
        snapshots.delete(name);
    }

    synchronized void seekToTime(String subscription, long epochMillis) {
        SubscriptionQueue queue = requireAttached(subscription);
        long now = wallMillis();
        record(
                StateRecords.SEEK_TIME,
                List.of(
                        Journal.utf8(subscription),
                        Journal.utf8(Long.toString(epochMillis)),
                        Journal.utf8(Long.toString(now))));
        seekToTime(queue, epochMillis, now);
    }

    /** Also reaches what the topic retained, published before the subscription existed. */
    private void seekToTime(SubscriptionQueue queue, long epochMillis, long asOfMillis) {
        queue.seekToTime(
                epochMillis, topicRetention.since(topics.get(queue.config().getTopic()), epochMillis, asOfMillis));
    }

    synchronized void seekToSnapshot(String subscription, String snapshotName) {
        SubscriptionQueue queue = requireAttached(subscription);
        Snapshot snapshot = snapshots.get(ResourceNames.requireSnapshot(snapshotName));
        if (!snapshot.getTopic().equals(queue.config().getTopic())) {
            // FAILED_PRECONDITION, as Google's emulator answers (the documentation names no code)
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("The snapshot's topic (" + snapshot.getTopic() + ") is not the subscription's ("
                            + queue.config().getTopic() + ").")
                    .asRuntimeException();
        }
        record(StateRecords.SEEK_SNAPSHOT, List.of(Journal.utf8(subscription), Journal.utf8(snapshotName)));
        queue.seekToMessages(snapshots.messages(snapshotName));
    }

    /** A subscription that can deliver: FAILED_PRECONDITION once detached. */
    SubscriptionQueue requireAttached(String subscription) {
        SubscriptionQueue queue = queue(subscription);
        if (queue.config().getDetached()) {
            throw io.grpc.Status.FAILED_PRECONDITION
                    .withDescription("Subscription is detached (resource=" + ResourceNames.id(subscription) + ").")
                    .asRuntimeException();
        }
        return queue;
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
        record(StateRecords.RESET, List.of());
        for (String name : List.copyOf(subscriptions.keySet())) {
            deleteSubscription(name);
        }
        topics.clear();
        subscriptionsOfTopic.clear();
        snapshots.clear();
        schemas.clear();
        topicRetention.clear();
    }

    int backlog(String subscription) {
        return queue(subscription).backlog();
    }

    /** Stops; with a data directory the state stays there (rewritten as an image) for the next start. */
    @Override
    public synchronized void close() {
        if (journal != null) {
            ticker.shutdownNow();
            try {
                compact();
            } finally {
                journal.close();
            }
            for (PushConsumer push : pushes.values()) {
                push.push.close();
            }
            return;
        }
        reset();
        ticker.shutdownNow();
    }

    // ---------------------------------------------------------------- the journal's records

    /** Applies one recorded change again, at start; validation already passed when it was recorded. */
    private void apply(Journal.Record r) {
        switch (r.type()) {
            case StateRecords.TOPIC_PUT -> putTopic(StateRecords.parse(r.bytes(0), Topic.parser()));
            case StateRecords.TOPIC_DELETE -> {
                if (topics.containsKey(r.text(0))) {
                    deleteTopic(r.text(0));
                }
            }
            case StateRecords.SUBSCRIPTION_PUT -> {
                Subscription config = StateRecords.parse(r.bytes(0), Subscription.parser());
                SubscriptionQueue existing = subscriptions.get(config.getName());
                if (existing != null) {
                    existing.updateConfig(config);
                } else {
                    addSubscription(config);
                }
            }
            case StateRecords.SUBSCRIPTION_DELETE -> {
                if (subscriptions.containsKey(r.text(0))) {
                    deleteSubscription(r.text(0));
                }
            }
            case StateRecords.PUBLISH -> {
                List<PubsubMessage> stamped = StateRecords.messages(r, 1);
                for (PubsubMessage m : stamped) {
                    long id = Long.parseLong(m.getMessageId());
                    messageIds.accumulateAndGet(id + 1, Math::max);
                }
                fanOut(r.text(0), stamped);
            }
            case StateRecords.ACK -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    queue.dropMessages(Set.copyOf(StateRecords.texts(r, 1)));
                }
            }
            case StateRecords.BACKLOG -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    queue.enqueue(StateRecords.messages(r, 1));
                }
            }
            case StateRecords.NEXT_MESSAGE_ID -> messageIds.accumulateAndGet(Long.parseLong(r.text(0)), Math::max);
            case StateRecords.RESET -> reset();
            default -> applyMore(r);
        }
    }

    /** Records of the features beyond topics, subscriptions and their backlogs. */
    private void applyMore(Journal.Record r) {
        switch (r.type()) {
            case StateRecords.RETAINED -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    queue.restoreRetained(StateRecords.messages(r, 1));
                }
            }
            case StateRecords.SNAPSHOT_CREATE -> {
                SubscriptionQueue queue = subscriptions.get(r.text(1));
                snapshots.put(
                        StateRecords.parse(r.bytes(0), Snapshot.parser()),
                        queue == null ? List.of() : queue.unackedMessages());
            }
            case StateRecords.TOPIC_RETAINED -> topicRetention.restore(r.text(0), StateRecords.messages(r, 1));
            case StateRecords.DELIVERY_ATTEMPTS -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    queue.restoreAttempts(StateRecords.texts(r, 1));
                }
            }
            case StateRecords.ACKED_IDS -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    queue.restoreAckedIds(StateRecords.texts(r, 1));
                }
            }
            case StateRecords.SNAPSHOT_IMAGE ->
                snapshots.put(StateRecords.parse(r.bytes(0), Snapshot.parser()), StateRecords.messages(r, 1));
            case StateRecords.SNAPSHOT_UPDATE -> {
                Snapshot snapshot = StateRecords.parse(r.bytes(0), Snapshot.parser());
                if (snapshots.exists(snapshot.getName())) {
                    snapshots.update(snapshot);
                }
            }
            case StateRecords.SNAPSHOT_DELETE -> {
                if (snapshots.exists(r.text(0))) {
                    snapshots.delete(r.text(0));
                }
            }
            case StateRecords.SEEK_TIME -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    seekToTime(
                            queue, Long.parseLong(r.text(1)), r.size() > 2 ? Long.parseLong(r.text(2)) : wallMillis());
                }
            }
            case StateRecords.SEEK_SNAPSHOT -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null && snapshots.exists(r.text(1))) {
                    queue.seekToMessages(snapshots.messages(r.text(1)));
                }
            }
            case StateRecords.SUBSCRIPTION_DETACH -> {
                SubscriptionQueue queue = subscriptions.get(r.text(0));
                if (queue != null) {
                    detach(queue);
                }
            }
            default -> applySchema(r);
        }
    }

    private void applySchema(Journal.Record r) {
        switch (r.type()) {
            case StateRecords.SCHEMA_PUT ->
                schemas.restoreRevision(StateRecords.parse(r.bytes(0), com.google.pubsub.v1.Schema.parser()));
            case StateRecords.SCHEMA_DELETE -> {
                schemas.restoreDelete(r.text(0), r.text(1));
                if (r.text(1).isEmpty()) {
                    markSchemaDeleted(r.text(0));
                }
            }
            default -> throw new IllegalStateException("unknown record type " + r.type() + " in the Pub/Sub journal");
        }
    }

    /** The current state as records (see {@link StateRecords}); writers are held off meanwhile. */
    private void writeImage(Consumer<Journal.Record> out) {
        out.accept(new Journal.Record(
                StateRecords.NEXT_MESSAGE_ID, List.of(Journal.utf8(Long.toString(messageIds.get())))));
        for (com.google.pubsub.v1.Schema revision : schemas.allRevisions()) {
            out.accept(new Journal.Record(StateRecords.SCHEMA_PUT, List.of(revision.toByteArray())));
        }
        for (Topic topic : new TreeMap<>(topics).values()) {
            out.accept(new Journal.Record(StateRecords.TOPIC_PUT, List.of(topic.toByteArray())));
        }
        for (SubscriptionQueue queue : subscriptions.values()) {
            out.accept(new Journal.Record(
                    StateRecords.SUBSCRIPTION_PUT, List.of(queue.config().toByteArray())));
            writeChunked(out, StateRecords.BACKLOG, queue.name(), queue.unackedMessages());
            writeChunked(out, StateRecords.RETAINED, queue.name(), queue.retainedMessages());
            writeTextsChunked(out, StateRecords.DELIVERY_ATTEMPTS, queue.name(), queue.attemptsImage());
            writeTextsChunked(out, StateRecords.ACKED_IDS, queue.name(), queue.ackedIdsImage());
        }
        topicRetention.forEach((topic, messages) -> {
            for (int from = 0; from < messages.size(); from += 1000) {
                out.accept(new Journal.Record(
                        StateRecords.TOPIC_RETAINED,
                        StateRecords.fields(topic, messages.subList(from, Math.min(messages.size(), from + 1000)))));
            }
        });
        snapshots.forEach((snapshot, messages) -> {
            List<byte[]> fields = new ArrayList<>();
            fields.add(snapshot.toByteArray());
            messages.forEach(m -> fields.add(m.toByteArray()));
            out.accept(new Journal.Record(StateRecords.SNAPSHOT_IMAGE, fields));
        });
    }

    private static void writeChunked(
            Consumer<Journal.Record> out, int type, String subscription, List<PubsubMessage> messages) {
        for (int from = 0; from < messages.size(); from += 1000) {
            out.accept(new Journal.Record(
                    type,
                    StateRecords.fields(subscription, messages.subList(from, Math.min(messages.size(), from + 1000)))));
        }
    }

    private static void writeTextsChunked(
            Consumer<Journal.Record> out, int type, String subscription, List<String> texts) {
        for (int from = 0; from < texts.size(); from += 1000) {
            out.accept(new Journal.Record(
                    type, StateRecords.texts(subscription, texts.subList(from, Math.min(texts.size(), from + 1000)))));
        }
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

package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The messages of one subscription that are not acknowledged yet, and their leases.
 *
 * <p>A message is in exactly one of three places: {@code ready} (deliverable now, in publish
 * order), {@code delayed} (waiting out a retry backoff), or leased to a consumer until its ack
 * deadline. A lease that ends without an ack (nack or expiry) counts as a failed delivery: the
 * message goes back with the subscription's retry backoff, or to the dead-letter topic once it has
 * been delivered {@code max_delivery_attempts} times.
 *
 * <p>With message ordering on, the messages of one ordering key are delivered in publish order: a
 * key's next batch goes out only when none of its messages is leased, and a nack or expiry of one
 * message sends the later leased messages of its key back too (as the real service redelivers
 * everything after a failed message of a key).
 *
 * <p>All state is guarded by {@code this}; batches and dead letters are handed out through
 * {@link Effects} and carried out after the lock is released, so that no consumer or other
 * subscription is called while the lock is held.
 */
final class SubscriptionQueue {

    private static final JsonLog LOG = JsonLog.forComponent("pubsub");
    /** How often the queue looks for messages older than the subscription's retention. */
    private static final long RETENTION_SCAN_MS = 1_000;

    static final long PUSH_MIN_BACKOFF_MS = 100;
    static final long PUSH_MAX_BACKOFF_MS = 60_000;
    private static final int MAX_BATCH = 1000;

    private final Broker broker;
    private final String name;
    private final int index;
    private volatile Subscription config;

    private long nextSeq;
    private long nextLease;
    private final TreeMap<Long, Entry> ready = new TreeMap<>();
    private final PriorityQueue<Entry> delayed =
            new PriorityQueue<>((a, b) -> Long.compare(a.availableAt, b.availableAt));
    private final Map<String, Lease> leases = new HashMap<>();
    private final PriorityQueue<LeaseTimer> deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final Map<String, KeyState> keys = new HashMap<>();
    /** Acknowledged messages kept for a seek back in time, with {@code retain_acked_messages}; by publish order. */
    private final TreeMap<Long, Entry> retained = new TreeMap<>();

    private volatile SubscriptionFilter filter;
    /**
     * Ack ids acknowledged lately: acknowledging one again succeeds (as Google's emulator answers on an
     * exactly-once subscription) instead of counting as invalid. Bounded: the oldest are forgotten.
     */
    private final java.util.LinkedHashSet<String> recentlyAcked = new java.util.LinkedHashSet<>();

    private static final int RECENT_ACKS = 10_000;
    /**
     * Delivery attempts read back from the journal (message id → attempts), applied to the backlog once the
     * replay is over ({@link #finishRestore}): a record names a message that a later record may acknowledge.
     */
    private final Map<String, Integer> restoredAttempts = new HashMap<>();

    private final List<MessageConsumer> consumers = new ArrayList<>();
    private int roundRobin;
    private int unacked;
    private long nextRetentionScan;
    private long expired;
    private boolean deleted;

    SubscriptionQueue(Broker broker, Subscription config, int index) {
        this.broker = broker;
        this.name = config.getName();
        this.config = config;
        this.index = index;
        this.filter = SubscriptionFilter.parse(config.getFilter());
    }

    String name() {
        return name;
    }

    Subscription config() {
        return config;
    }

    void updateConfig(Subscription newConfig) {
        this.config = newConfig;
        this.filter = SubscriptionFilter.parse(newConfig.getFilter());
    }

    /** Whether the subscription's filter lets this message in (the service acknowledges the others at once). */
    boolean accepts(PubsubMessage message) {
        return filter.matches(message.getAttributesMap());
    }

    synchronized int backlog() {
        return unacked;
    }

    /** Messages dropped unacknowledged because they outlived the subscription's retention. */
    synchronized long expired() {
        return expired;
    }

    // ---------------------------------------------------------------- publish side

    void enqueue(List<PubsubMessage> messages) {
        Effects fx = new Effects();
        synchronized (this) {
            if (deleted) {
                return;
            }
            boolean ordered = config.getEnableMessageOrdering();
            for (PubsubMessage message : messages) {
                if (accepts(message)) {
                    makeReady(message, ordered);
                }
            }
            dispatch(fx);
        }
        fx.run(broker);
    }

    // ---------------------------------------------------------------- consumers

    void addConsumer(MessageConsumer consumer) {
        Effects fx = new Effects();
        synchronized (this) {
            if (deleted) {
                throw ResourceNames.notFound("Subscription", name);
            }
            consumers.add(consumer);
            dispatch(fx);
        }
        fx.run(broker);
    }

    synchronized void removeConsumer(MessageConsumer consumer) {
        consumers.remove(consumer);
    }

    /** Withdraws a waiting pull unless messages were already leased to it. */
    synchronized boolean cancelWaiting(WaitingPull pull) {
        if (pull.isTaken()) {
            return false;
        }
        consumers.remove(pull);
        return true;
    }

    long subscriptionAckDeadlineMillis() {
        return ackDeadlineMillis();
    }

    /** Takes what is deliverable now for a one-shot pull, without registering a consumer. */
    List<ReceivedMessage> pullNow(int maxMessages) {
        Effects fx = new Effects();
        List<ReceivedMessage> batch;
        synchronized (this) {
            if (deleted) {
                throw ResourceNames.notFound("Subscription", name);
            }
            batch = take(maxMessages, null, ackDeadlineMillis(), fx);
        }
        fx.run(broker); // records the delivery attempts before the caller answers
        return batch;
    }

    /** Wakes the dispatcher, e.g. after a consumer's capacity grew without a lease ending. */
    void dispatch() {
        Effects fx = new Effects();
        synchronized (this) {
            dispatch(fx);
        }
        fx.run(broker);
    }

    // ---------------------------------------------------------------- acks and deadlines

    /**
     * Acknowledges the leases of these ack ids; returns the ack ids that name no current lease (bogus, or
     * expired, or already acknowledged). Without exactly-once delivery the service ignores those; with it
     * they are reported back to the client as invalid.
     */
    List<String> acknowledge(Iterable<String> ackIds) {
        Effects fx = new Effects();
        List<String> invalid = new ArrayList<>();
        broker.recorded(() -> {
            List<String> acked = new ArrayList<>();
            List<String> ackedIds = new ArrayList<>();
            synchronized (this) {
                for (String ackId : ackIds) {
                    Lease lease = leases.remove(ackId);
                    if (lease == null) {
                        if (!recentlyAcked.contains(ackId)) {
                            invalid.add(ackId);
                        }
                        continue;
                    }
                    endLease(lease);
                    remove(lease.entry);
                    retainAcked(lease.entry);
                    if (config.getEnableExactlyOnceDelivery()) {
                        rememberAcked(ackId);
                        ackedIds.add(ackId);
                    }
                    acked.add(lease.entry.message.getMessageId());
                }
                dispatch(fx);
            }
            if (!acked.isEmpty()) {
                broker.record(StateRecords.ACK, StateRecords.texts(name, acked));
            }
            if (!ackedIds.isEmpty()) {
                // so that an ack the client retries after a restart still succeeds
                broker.record(StateRecords.ACKED_IDS, StateRecords.texts(name, ackedIds));
            }
            return null;
        });
        fx.run(broker);
        return invalid;
    }

    private void rememberAcked(String ackId) {
        recentlyAcked.add(ackId);
        if (recentlyAcked.size() > RECENT_ACKS) {
            recentlyAcked.remove(recentlyAcked.iterator().next());
        }
    }

    private void retainAcked(Entry entry) {
        if (config.getRetainAckedMessages()) {
            retained.put(entry.seq, new Entry(entry.seq, entry.message, entry.key));
        }
    }

    /** Whether the subscription has exactly-once delivery: then invalid ack ids are reported, not ignored. */
    boolean exactlyOnce() {
        return config.getEnableExactlyOnceDelivery();
    }

    // ---------------------------------------------------------------- seek

    /**
     * Seek to a time: the retained messages (unacknowledged, and acknowledged ones kept with
     * {@code retain_acked_messages}) published at or after it become unacknowledged, those before it
     * acknowledged. {@code topicRetained}: what the topic keeps with its own retention, which reaches back
     * before the subscription existed. Outstanding leases end: their ack ids are no longer valid.
     */
    void seekToTime(long epochMillis, List<PubsubMessage> topicRetained) {
        Effects fx = new Effects();
        synchronized (this) {
            List<PubsubMessage> unackedNow = new ArrayList<>();
            List<PubsubMessage> ackedNow = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (PubsubMessage m : everythingKept()) {
                seen.add(m.getMessageId());
                (publishMillis(m) >= epochMillis ? unackedNow : ackedNow).add(m);
            }
            for (PubsubMessage m : topicRetained) {
                if (seen.add(m.getMessageId()) && accepts(m) && publishMillis(m) >= epochMillis) {
                    unackedNow.add(m);
                }
            }
            replaceState(byPublishOrder(unackedNow), ackedNow, fx);
        }
        fx.run(broker);
    }

    /** Seek to a snapshot: its messages (that pass this subscription's filter) become the backlog. */
    void seekToMessages(List<PubsubMessage> snapshot) {
        Effects fx = new Effects();
        synchronized (this) {
            Set<String> inSnapshot = new HashSet<>();
            List<PubsubMessage> unackedNow = new ArrayList<>();
            for (PubsubMessage m : snapshot) {
                if (accepts(m)) {
                    inSnapshot.add(m.getMessageId());
                    unackedNow.add(m);
                }
            }
            List<PubsubMessage> ackedNow = new ArrayList<>();
            for (PubsubMessage m : everythingKept()) {
                if (!inSnapshot.contains(m.getMessageId())) {
                    ackedNow.add(m);
                }
            }
            replaceState(byPublishOrder(unackedNow), ackedNow, fx);
        }
        fx.run(broker);
    }

    /** Image of the acknowledged messages kept for seek. */
    synchronized List<PubsubMessage> retainedMessages() {
        List<PubsubMessage> out = new ArrayList<>();
        for (Entry entry : retained.values()) {
            out.add(entry.message);
        }
        return out;
    }

    /** Restores acknowledged messages kept for seek (the journal's image). */
    synchronized void restoreRetained(List<PubsubMessage> messages) {
        for (PubsubMessage m : messages) {
            long seq = nextSeq++;
            retained.put(seq, new Entry(seq, m, null));
        }
    }

    /** Replays a record of delivery attempts (the highest count recorded wins: a record is absolute). */
    synchronized void restoreAttempts(List<String> idAndAttempts) {
        for (String pair : idAndAttempts) {
            int colon = pair.lastIndexOf(':');
            restoredAttempts.merge(pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1)), Math::max);
        }
    }

    /** Replays acknowledged ack ids of an exactly-once subscription: acknowledging one again succeeds. */
    synchronized void restoreAckedIds(List<String> ackIds) {
        ackIds.forEach(this::rememberAcked);
    }

    /**
     * Ends the replay: a message delivered {@code n} times and not acknowledged had its last delivery end
     * without an ack (leased at the crash or stop, nacked, or expired). That counts as a failed delivery at
     * this start, as a lease expiry would: the message waits the backoff of its {@code n}th attempt, or goes to
     * the dead-letter topic once {@code n} reached {@code max_delivery_attempts}. Returns the dead letters
     * to publish once the journal takes records again.
     */
    Runnable finishRestore() {
        Effects fx = new Effects();
        synchronized (this) {
            if (!restoredAttempts.isEmpty()) {
                for (Entry entry : List.copyOf(ready.values())) {
                    Integer attempts = restoredAttempts.get(entry.message.getMessageId());
                    if (attempts == null || attempts <= 0) {
                        continue;
                    }
                    ready.remove(entry.seq);
                    entry.attempts = attempts;
                    endedUnacknowledged(entry, fx);
                }
                restoredAttempts.clear();
            }
        }
        return () -> fx.run(broker);
    }

    /** Image: delivery attempts of the unacknowledged messages delivered at least once, {@code id:attempts}. */
    synchronized List<String> attemptsImage() {
        List<String> out = new ArrayList<>();
        for (Entry entry : ready.values()) {
            addAttempts(out, entry);
        }
        for (Entry entry : delayed) {
            addAttempts(out, entry);
        }
        for (Lease lease : leases.values()) {
            addAttempts(out, lease.entry);
        }
        return out;
    }

    /** Image: the ack ids acknowledged lately on an exactly-once subscription. */
    synchronized List<String> ackedIdsImage() {
        return new ArrayList<>(recentlyAcked);
    }

    private static void addAttempts(List<String> out, Entry entry) {
        if (entry.attempts > 0) {
            out.add(entry.message.getMessageId() + ":" + entry.attempts);
        }
    }

    private List<PubsubMessage> everythingKept() {
        List<PubsubMessage> all = new ArrayList<>(unackedMessagesLocked());
        for (Entry entry : retained.values()) {
            all.add(entry.message);
        }
        return byPublishOrder(all);
    }

    /** Message ids are the broker's publish sequence. */
    private static List<PubsubMessage> byPublishOrder(List<PubsubMessage> messages) {
        List<PubsubMessage> sorted = new ArrayList<>(messages);
        sorted.sort(java.util.Comparator.comparingLong(m -> Long.parseLong(m.getMessageId())));
        return sorted;
    }

    private void replaceState(List<PubsubMessage> unackedNow, List<PubsubMessage> ackedNow, Effects fx) {
        for (Lease lease : leases.values()) {
            lease.active = false;
            if (lease.consumer != null) {
                lease.consumer.released(1);
            }
        }
        leases.clear();
        deadlines.clear();
        ready.clear();
        delayed.clear();
        keys.clear();
        retained.clear();
        restoredAttempts.clear(); // a seek delivers its messages afresh
        unacked = 0;
        if (config.getRetainAckedMessages()) {
            for (PubsubMessage m : ackedNow) {
                long seq = nextSeq++;
                retained.put(seq, new Entry(seq, m, null));
            }
        }
        boolean ordered = config.getEnableMessageOrdering();
        for (PubsubMessage message : unackedNow) {
            makeReady(message, ordered);
        }
        dispatch(fx);
    }

    /** Queues a message as a new unacknowledged entry, behind the earlier ones of its ordering key. */
    private void makeReady(PubsubMessage message, boolean ordered) {
        String key = ordered && !message.getOrderingKey().isEmpty() ? message.getOrderingKey() : null;
        Entry entry = new Entry(nextSeq++, message, key);
        if (key != null) {
            keys.computeIfAbsent(key, k -> new KeyState()).entries.put(entry.seq, entry);
        }
        ready.put(entry.seq, entry);
        unacked++;
    }

    /** Removes these messages wherever they are (a replayed acknowledgement): their leases end unanswered. */
    synchronized void dropMessages(Set<String> messageIds) {
        List<Entry> gone = new ArrayList<>();
        for (Entry entry : ready.values()) {
            if (messageIds.contains(entry.message.getMessageId())) {
                gone.add(entry);
            }
        }
        for (Entry entry : delayed) {
            if (messageIds.contains(entry.message.getMessageId())) {
                gone.add(entry);
            }
        }
        for (Lease lease : List.copyOf(leases.values())) {
            if (messageIds.contains(lease.entry.message.getMessageId())) {
                leases.remove(lease.ackId);
                endLease(lease);
                gone.add(lease.entry);
            }
        }
        for (Entry entry : gone) {
            ready.remove(entry.seq);
            delayed.remove(entry);
            remove(entry);
            retainAcked(entry);
        }
    }

    /** Every unacknowledged message (ready, backing off or leased), in publish order. */
    synchronized List<PubsubMessage> unackedMessages() {
        return unackedMessagesLocked();
    }

    private List<PubsubMessage> unackedMessagesLocked() {
        TreeMap<Long, PubsubMessage> all = new TreeMap<>();
        for (Entry entry : ready.values()) {
            all.put(entry.seq, entry.message);
        }
        for (Entry entry : delayed) {
            all.put(entry.seq, entry.message);
        }
        for (Lease lease : leases.values()) {
            all.put(lease.entry.seq, lease.entry.message);
        }
        return new ArrayList<>(all.values());
    }

    /** Returns the ack ids that name no current lease (see {@link #acknowledge}). */
    List<String> modifyAckDeadline(Iterable<String> ackIds, int seconds) {
        Effects fx = new Effects();
        List<String> invalid = new ArrayList<>();
        synchronized (this) {
            long now = broker.nowMillis();
            for (String ackId : ackIds) {
                Lease lease = leases.get(ackId);
                if (lease == null) {
                    invalid.add(ackId);
                    continue;
                }
                if (seconds == 0) {
                    failDelivery(lease, fx);
                } else {
                    lease.deadline = now + seconds * 1000L;
                    deadlines.add(new LeaseTimer(lease.deadline, lease));
                }
            }
            dispatch(fx);
        }
        fx.run(broker);
        return invalid;
    }

    /** Ends one lease as a failed delivery (a push endpoint's non-2xx or timeout). */
    void nack(String ackId) {
        modifyAckDeadline(List.of(ackId), 0);
    }

    /** Expires overdue leases and releases messages whose backoff is over; called by the broker's ticker. */
    void tick(long now) {
        Effects fx = new Effects();
        synchronized (this) {
            boolean changed = false;
            while (!deadlines.isEmpty() && deadlines.peek().at <= now) {
                LeaseTimer timer = deadlines.poll();
                Lease lease = timer.lease;
                if (lease.active && lease.deadline == timer.at) {
                    failDelivery(lease, fx);
                    changed = true;
                }
            }
            while (!delayed.isEmpty() && delayed.peek().availableAt <= now) {
                Entry entry = delayed.poll();
                ready.put(entry.seq, entry);
                changed = true;
            }
            if (now >= nextRetentionScan) {
                nextRetentionScan = now + RETENTION_SCAN_MS;
                changed |= expireOlderThanRetention();
            }
            if (changed) {
                dispatch(fx);
            }
        }
        fx.run(broker);
    }

    /** Drops the backlog and every consumer (a detached subscription keeps no backlog); returns the consumers. */
    synchronized List<MessageConsumer> detach() {
        ready.clear();
        delayed.clear();
        leases.clear();
        deadlines.clear();
        keys.clear();
        retained.clear();
        restoredAttempts.clear();
        unacked = 0;
        List<MessageConsumer> gone = new ArrayList<>(consumers);
        consumers.clear();
        return gone;
    }

    /** Drops every message and lease, for delete and reset. */
    synchronized List<MessageConsumer> delete() {
        deleted = true;
        return detach();
    }

    // ---------------------------------------------------------------- internals (lock held)

    /**
     * As the real service: an unacknowledged message older than {@code message_retention_duration} is
     * discarded (not dead-lettered). Leased messages are left to their lease; they expire at the next scan
     * once it ends. Returns whether anything was dropped.
     */
    private boolean expireOlderThanRetention() {
        if (!config.hasMessageRetentionDuration()) {
            return false;
        }
        // publish times are wall-clock; the broker's now is monotonic
        long oldestKept = broker.wallMillis() - Durations.toMillis(config.getMessageRetentionDuration());
        List<Entry> old = new ArrayList<>();
        for (Entry entry : ready.values()) {
            if (publishMillis(entry) < oldestKept) {
                old.add(entry);
            }
        }
        for (Entry entry : delayed) {
            if (publishMillis(entry) < oldestKept) {
                old.add(entry);
            }
        }
        for (Entry entry : old) {
            ready.remove(entry.seq);
            delayed.remove(entry);
            remove(entry);
        }
        retained.values().removeIf(entry -> publishMillis(entry) < oldestKept);
        if (!old.isEmpty()) {
            expired += old.size();
            LOG.warn(
                    "messages discarded unacknowledged: older than the subscription's retention",
                    "subscription",
                    name,
                    "count",
                    old.size(),
                    "retention",
                    Durations.toString(config.getMessageRetentionDuration()));
        }
        return !old.isEmpty();
    }

    private static long publishMillis(Entry entry) {
        return publishMillis(entry.message);
    }

    private static long publishMillis(PubsubMessage message) {
        return com.google.protobuf.util.Timestamps.toMillis(message.getPublishTime());
    }

    private long ackDeadlineMillis() {
        return config.getAckDeadlineSeconds() * 1000L;
    }

    private void dispatch(Effects fx) {
        if (ready.isEmpty() || consumers.isEmpty()) {
            return;
        }
        boolean progress = true;
        while (progress && !ready.isEmpty()) {
            progress = false;
            int n = consumers.size();
            for (int i = 0; i < n && !ready.isEmpty(); i++) {
                MessageConsumer consumer = consumers.get((roundRobin + i) % n);
                int capacity = Math.min(consumer.capacity(), MAX_BATCH);
                if (capacity <= 0) {
                    continue;
                }
                List<ReceivedMessage> batch = take(capacity, consumer, consumer.ackDeadlineMillis(), fx);
                if (!batch.isEmpty()) {
                    fx.batches.add(new Batch(consumer, batch));
                    progress = true;
                }
            }
            roundRobin = n == 0 ? 0 : (roundRobin + 1) % n;
        }
    }

    private List<ReceivedMessage> take(int max, MessageConsumer consumer, long deadlineMillis, Effects fx) {
        List<ReceivedMessage> batch = new ArrayList<>();
        Map<String, Long> lastOfKeyInBatch = null;
        Set<String> blockedKeys = null; // keys found blocked in this pass: skip their later entries cheaply
        long now = broker.nowMillis();
        boolean withDeliveryAttempt = config.hasDeadLetterPolicy();
        Iterator<Entry> it = ready.values().iterator();
        while (it.hasNext() && batch.size() < max) {
            Entry entry = it.next();
            if (entry.key != null) {
                if (blockedKeys != null && blockedKeys.contains(entry.key)) {
                    continue;
                }
                KeyState keyState = keys.get(entry.key);
                if (lastOfKeyInBatch == null) {
                    lastOfKeyInBatch = new HashMap<>();
                    blockedKeys = new HashSet<>();
                }
                Long last = lastOfKeyInBatch.get(entry.key);
                Long expected = last == null ? keyState.entries.firstKey() : keyState.entries.higherKey(last);
                if ((last == null && keyState.leased > 0) || expected == null || expected != entry.seq) {
                    // an earlier batch of this key is still out, or an earlier message waits out its backoff
                    blockedKeys.add(entry.key);
                    continue;
                }
                lastOfKeyInBatch.put(entry.key, entry.seq);
                keyState.leased++;
            }
            it.remove();
            entry.attempts++;
            // the broker's start id in every ack id: one from before a restart names no lease of this run
            Lease lease = new Lease(
                    broker.ackIdPrefix() + index + "-" + (nextLease++), entry, consumer, now + deadlineMillis);
            leases.put(lease.ackId, lease);
            entry.lease = lease;
            deadlines.add(new LeaseTimer(lease.deadline, lease));
            ReceivedMessage.Builder received =
                    ReceivedMessage.newBuilder().setAckId(lease.ackId).setMessage(entry.message);
            if (withDeliveryAttempt) {
                received.setDeliveryAttempt(entry.attempts);
            }
            batch.add(received.build());
            if (broker.persistent()) {
                fx.attempts.add(entry.message.getMessageId() + ":" + entry.attempts);
            }
        }
        if (consumer != null && !batch.isEmpty()) {
            consumer.leased(batch.size());
        }
        if (!fx.attempts.isEmpty()) {
            fx.attemptsOf = name;
        }
        return batch;
    }

    private void endLease(Lease lease) {
        lease.active = false;
        lease.entry.lease = null;
        if (lease.consumer != null) {
            lease.consumer.released(1);
        }
        if (lease.entry.key != null) {
            KeyState keyState = keys.get(lease.entry.key);
            if (keyState != null) {
                keyState.leased--;
            }
        }
    }

    private void remove(Entry entry) {
        unacked--;
        if (entry.key != null) {
            KeyState keyState = keys.get(entry.key);
            if (keyState != null) {
                keyState.entries.remove(entry.seq);
                if (keyState.entries.isEmpty()) {
                    keys.remove(entry.key);
                }
            }
        }
    }

    private void failDelivery(Lease lease, Effects fx) {
        leases.remove(lease.ackId);
        endLease(lease);
        Entry entry = lease.entry;
        if (entry.key != null) {
            sendBackLaterLeasesOfKey(entry);
        }
        endedUnacknowledged(entry, fx);
    }

    /** A delivery of this (unleased) message ended without an ack: back after its backoff, or dead-lettered. */
    private void endedUnacknowledged(Entry entry, Effects fx) {
        Subscription cfg = config;
        if (cfg.hasDeadLetterPolicy()) {
            int max = cfg.getDeadLetterPolicy().getMaxDeliveryAttempts();
            if (entry.attempts >= (max == 0 ? 5 : max)) {
                remove(entry);
                fx.deadLetters.add(new DeadLetter(
                        cfg.getDeadLetterPolicy().getDeadLetterTopic(),
                        deadLettered(entry, cfg),
                        name,
                        entry.message.getMessageId()));
                return;
            }
        }
        long backoff = backoffMillis(cfg, entry.attempts);
        if (backoff <= 0) {
            ready.put(entry.seq, entry);
        } else {
            entry.availableAt = broker.nowMillis() + backoff;
            delayed.add(entry);
        }
    }

    /** The real service redelivers every message after a failed one of the same key: so do we. */
    private void sendBackLaterLeasesOfKey(Entry failed) {
        KeyState keyState = keys.get(failed.key);
        if (keyState == null) {
            return;
        }
        for (Entry later : keyState.entries.tailMap(failed.seq, false).values()) {
            Lease lease = later.lease;
            if (lease != null) {
                leases.remove(lease.ackId);
                endLease(lease);
                later.attempts--; // not its own failure
                ready.put(later.seq, later);
            }
        }
    }

    static long backoffMillis(Subscription cfg, int attempts) {
        long min;
        long max;
        if (cfg.hasRetryPolicy()) {
            min = cfg.getRetryPolicy().hasMinimumBackoff()
                    ? Durations.toMillis(cfg.getRetryPolicy().getMinimumBackoff())
                    : 10_000;
            max = cfg.getRetryPolicy().hasMaximumBackoff()
                    ? Durations.toMillis(cfg.getRetryPolicy().getMaximumBackoff())
                    : 600_000;
        } else if (cfg.hasPushConfig() && !cfg.getPushConfig().getPushEndpoint().isEmpty()) {
            min = PUSH_MIN_BACKOFF_MS;
            max = PUSH_MAX_BACKOFF_MS;
        } else {
            return 0; // no retry policy: redeliver at once, like the real service
        }
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long backoff = min << Math.min(doublings, 20);
        return Math.min(Math.max(backoff, min), max);
    }

    private PubsubMessage deadLettered(Entry entry, Subscription cfg) {
        return entry.message.toBuilder()
                .clearMessageId()
                .clearPublishTime()
                .putAttributes("CloudPubSubDeadLetterSourceDeliveryCount", Integer.toString(entry.attempts))
                .putAttributes("CloudPubSubDeadLetterSourceSubscription", ResourceNames.id(name))
                .putAttributes("CloudPubSubDeadLetterSourceSubscriptionProject", ResourceNames.project(name))
                .putAttributes(
                        "CloudPubSubDeadLetterSourceTopicPublishTime",
                        com.google.protobuf.util.Timestamps.toString(entry.message.getPublishTime()))
                .build();
    }

    // ---------------------------------------------------------------- state records

    private static final class Entry {
        final long seq;
        final PubsubMessage message;
        final String key;
        int attempts;
        long availableAt;
        Lease lease;

        Entry(long seq, PubsubMessage message, String key) {
            this.seq = seq;
            this.message = message;
            this.key = key;
        }
    }

    private static final class Lease {
        final String ackId;
        final Entry entry;
        final MessageConsumer consumer;
        long deadline;
        boolean active = true;

        Lease(String ackId, Entry entry, MessageConsumer consumer, long deadline) {
            this.ackId = ackId;
            this.entry = entry;
            this.consumer = consumer;
            this.deadline = deadline;
        }
    }

    private record LeaseTimer(long at, Lease lease) {}

    private static final class KeyState {
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        int leased;
    }

    private record Batch(MessageConsumer consumer, List<ReceivedMessage> messages) {}

    private record DeadLetter(String topic, PubsubMessage message, String subscription, String messageId) {}

    /** What a locked operation decided to do once the lock is released. */
    private static final class Effects {
        final List<Batch> batches = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();
        /** {@code id:attempts} of the messages just leased, recorded before they are handed out. */
        final List<String> attempts = new ArrayList<>();

        String attemptsOf;

        void run(Broker broker) {
            if (!attempts.isEmpty()) {
                broker.record(StateRecords.DELIVERY_ATTEMPTS, StateRecords.texts(attemptsOf, attempts));
            }
            for (Batch batch : batches) {
                batch.consumer.deliver(batch.messages);
            }
            for (DeadLetter deadLetter : deadLetters) {
                broker.publishDeadLetter(deadLetter.topic, deadLetter.message);
                // after the dead letter's own record: a crash in between delivers it twice, never not at all
                broker.record(
                        StateRecords.ACK, StateRecords.texts(deadLetter.subscription, List.of(deadLetter.messageId)));
            }
        }
    }
}

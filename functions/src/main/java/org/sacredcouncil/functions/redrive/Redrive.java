package org.sacredcouncil.functions.redrive;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * Moves parked events from the dead-letter subscription back to {@code sacred-events} (functions/README.md,
 * "Delivery guarantees → redrive").
 *
 * <ul>
 *   <li>Each event is republished with its original bytes and attributes (its CloudEvent id unchanged), and
 *       its parked copies are acknowledged only after Pub/Sub accepted the publish; a failed publish leaves
 *       them parked (their ack deadline is reset so a rerun sees them at once).</li>
 *   <li>Idempotent: consumers deduplicate by event id (memory's log, wisdom's first answer), so a redriven
 *       event that was in fact recorded changes nothing, and acknowledged copies are gone, so a second
 *       redrive finds nothing to move. An event still bad is parked again by its handler, with its reason.</li>
 *   <li>Scheduler ticks are dropped (acknowledged, not republished): the next tick has made them up.</li>
 *   <li>A dry run lists what would move and why each was parked, and hands every message back.</li>
 * </ul>
 */
public final class Redrive {

    /** What one run did (or, dry, would do). */
    public record Report(int parkedMessages, int events, int redriven, int ticksDropped, int failed) {}

    /** Set on every republished copy; consumers count it (functions/README.md#telemetry). */
    public static final String REDRIVEN_ATTRIBUTE = "sacred-redriven";

    private static final int BATCH = 100;
    /**
     * A pull that returns at once may come back empty while messages wait (Pub/Sub does not promise
     * otherwise): the run ends only after this long without any message. A rerun picks up the rest.
     */
    private static final long QUIET_MILLIS_TO_STOP = 1500;

    private final SubscriptionAdminClient subscriptions;
    private final EventPublisher publisher;
    private final String subscription;
    private final String topic;
    private final PrintStream out;

    public Redrive(
            SubscriptionAdminClient subscriptions,
            EventPublisher publisher,
            String projectId,
            String subscriptionId,
            String topicId,
            PrintStream out) {
        this.subscriptions = subscriptions;
        this.publisher = publisher;
        this.subscription = SubscriptionName.of(projectId, subscriptionId).toString();
        this.topic = topicId;
        this.out = out;
    }

    public Report run(boolean dryRun, int maxMessages) throws InterruptedException {
        long startMillis = System.currentTimeMillis();
        Set<String> seenMessages = new HashSet<>();
        Set<String> moved = new HashSet<>();
        Map<String, String> wouldMove = new LinkedHashMap<>();
        List<String> heldAckIds = new ArrayList<>();
        int parked = 0;
        int redriven = 0;
        int ticks = 0;
        int failed = 0;
        long lastMessageMillis = System.currentTimeMillis();
        while (parked < maxMessages && System.currentTimeMillis() - lastMessageMillis < QUIET_MILLIS_TO_STOP) {
            List<ReceivedMessage> batch = pull(Math.min(BATCH, maxMessages - parked));
            if (batch.isEmpty()) {
                Thread.sleep(100);
                continue;
            }
            lastMessageMillis = System.currentTimeMillis();
            for (ReceivedMessage received : batch) {
                ParkedMessage m = new ParkedMessage(received.getAckId(), received.getMessage());
                if (Timestamps.toMillis(received.getMessage().getPublishTime()) >= startMillis) {
                    // parked after this run began — e.g. an event redriven a moment ago and still bad, parked
                    // again by its handler: not this run's to move; held until the end, then handed back
                    heldAckIds.add(m.ackId());
                    continue;
                }
                if (!seenMessages.add(received.getMessage().getMessageId())) {
                    heldAckIds.add(m.ackId()); // redelivered within this run (ack deadline passed): already counted
                    continue;
                }
                parked++;
                String key = m.eventKey();
                if (dryRun) {
                    heldAckIds.add(m.ackId());
                    String verb = m.isTick() ? "would drop (a tick; the next tick made it up)" : "would redrive";
                    if (wouldMove.putIfAbsent(key, verb) == null) {
                        out.println(verb + "  " + m.describe());
                    } else {
                        out.println("  another copy  " + m.describe());
                    }
                    continue;
                }
                if (m.isTick()) {
                    ack(m.ackId());
                    ticks++;
                    out.println("dropped (a tick; the next tick made it up)  " + m.describe());
                    continue;
                }
                if (moved.contains(key)) {
                    ack(m.ackId());
                    out.println("  another copy acknowledged  " + m.describe());
                    continue;
                }
                try {
                    Map<String, String> attributes = m.originalAttributes();
                    // consumers count what comes back (sacred_events_redriven_total); it is not part of the event
                    attributes.put(REDRIVEN_ATTRIBUTE, "true");
                    publisher.publishRaw(topic, m.message().getData().toByteArray(), attributes);
                } catch (PublishFailedException e) {
                    failed++;
                    release(List.of(m.ackId()));
                    out.println("FAILED, left parked  " + m.describe() + "  error=" + e.getMessage());
                    continue;
                }
                ack(m.ackId());
                moved.add(key);
                redriven++;
                out.println("redriven to " + topic + "  " + m.describe());
            }
        }
        if (!heldAckIds.isEmpty()) {
            release(heldAckIds);
        }
        int events = dryRun ? wouldMove.size() : redriven + ticks + failed;
        if (dryRun) {
            redriven = (int) wouldMove.values().stream()
                    .filter(v -> v.equals("would redrive"))
                    .count();
            ticks = wouldMove.size() - redriven;
        }
        Report report = new Report(parked, events, redriven, ticks, failed);
        out.println((dryRun ? "dry run: " : "") + subscription + ": " + parked + " parked message(s), " + events
                + " event(s): " + redriven + (dryRun ? " would be" : "") + " redriven to " + topic + ", " + ticks
                + " tick(s)" + (dryRun ? " would be" : "") + " dropped, " + failed + " failed");
        return report;
    }

    @SuppressWarnings("deprecation") // returnImmediately: a redrive wants what is there now, not to wait
    private List<ReceivedMessage> pull(int max) {
        PullResponse response = subscriptions.pull(PullRequest.newBuilder()
                .setSubscription(subscription)
                .setMaxMessages(max)
                .setReturnImmediately(true)
                .build());
        return response.getReceivedMessagesList();
    }

    private void ack(String ackId) {
        subscriptions.acknowledge(subscription, List.of(ackId));
    }

    /** Hands messages back at once (ack deadline 0), so that the next pull or run sees them. */
    private void release(List<String> ackIds) {
        for (int i = 0; i < ackIds.size(); i += BATCH) {
            subscriptions.modifyAckDeadline(subscription, ackIds.subList(i, Math.min(ackIds.size(), i + BATCH)), 0);
        }
    }
}

package org.sacredcouncil.functions.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.invoker.runner.Invoker;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.it.DeadLetteringPush;
import org.sacredcouncil.functions.it.FunctionStack;
import org.sacredcouncil.functions.it.Push;

/**
 * The redrive through the official Pub/Sub client against the local Pub/Sub, with memory in a real invoker:
 * an event pushed while memory was down ran out of attempts and was dead-lettered, beside a poison memory
 * parked itself and a parked tick. Dry run: lists all three with why, moves nothing. Memory back (fixed) →
 * redrive → the event recorded exactly once, the tick dropped, the poison parked again with its reason.
 * A second redrive changes nothing for the event.
 *
 * <p>Own topic, dead-letter topic and subscriptions (not the shared ones), so that nothing else parked
 * during the test run is moved.
 */
@ExtendWith(LocalCloudExtension.class)
class RedriveTest {

    record Run(Redrive.Report report, String output) {}

    static Run redrive(String deadInspect, String topic, boolean dryRun) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String[] args = dryRun
                ? new String[] {"--dry-run", "--subscription", deadInspect, "--topic", topic}
                : new String[] {"--subscription", deadInspect, "--topic", topic};
        Redrive.Report report = RedriveMain.execute(args, out);
        assertThat(report).isNotNull();
        assertThat(report.failed()).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
        return new Run(report, bytes.toString(StandardCharsets.UTF_8));
    }

    static MessageSent event(String region) {
        long now = System.currentTimeMillis();
        String text = "an offering that waited for memory to come back";
        return new MessageSent(
                UUID.randomUUID().toString(),
                now,
                new SacredMessage("msg-" + UUID.randomUUID(), "redrive-agent", MessageType.OFFERING, text, region, now),
                ImpactModel.impactOf(MessageType.OFFERING, text, 1.0),
                Double.NaN,
                Double.NaN,
                1.0);
    }

    /** Rows matching; 0 while no function has migrated the fresh database yet. */
    static int count(LocalCloud cloud, String sql, String arg) throws Exception {
        try (var c = cloud.dataSource().getConnection();
                var s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (var r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    @Test
    void poisonParkedFixedRedrivenRecordedOnceAndASecondRedriveChangesNothing(LocalCloud cloud) throws Exception {
        FunctionStack stack = FunctionStack.on(cloud);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String topic = "redrive-events-" + tag;
        String dead = "redrive-dead-" + tag;
        String deadInspect = dead + "-inspect";
        String region = "redrive-" + tag;
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), topic));
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), dead));
        cloud.subscriptionAdmin()
                .createSubscription(Subscription.newBuilder()
                        .setName(SubscriptionName.of(cloud.projectId(), deadInspect)
                                .toString())
                        .setTopic(TopicName.of(cloud.projectId(), dead).toString())
                        .setAckDeadlineSeconds(60)
                        .build());
        int memoryPort = FunctionStack.freePort();
        // the push subscription's backoff is shortened for the test: five attempts against a stopped memory
        // take seconds here instead of minutes (the deployed policy is terraform/delivery-policy.json)
        cloud.subscriptionAdmin()
                .createSubscription(DeadLetteringPush.subscription(cloud, topic + "-memory", topic, dead, memoryPort)
                        .setAckDeadlineSeconds(10)
                        .build());

        Map<String, String> deadTopic = new HashMap<>();
        deadTopic.put("DEAD_LETTER_TOPIC", dead);
        FunctionConfig.override(deadTopic);
        Invoker memory = FunctionStack.startInvoker(FunctionStack.MEMORY, memoryPort);
        try {
            // 1. a poison memory parks itself, with its reason
            String poison = "{\"not\":\"an event " + tag + "\"}";
            assertThat(Push.deliver(stack.http, memoryPort, "poison-" + tag, poison))
                    .isEqualTo(200);
            // 2. memory goes down; an event pushed now runs out of attempts and is dead-lettered
            memory.stopServer();
            MessageSent event = event(region);
            Publisher publisher = cloud.publisher(topic);
            try {
                publisher
                        .publish(PubsubMessage.newBuilder()
                                .setData(ByteString.copyFromUtf8(EventCodec.toCloudEventJson(event, "//heart")))
                                .putAttributes("ce-id", event.id())
                                .putAttributes("ce-type", event.type())
                                .build())
                        .get();
                // 3. a tick parked by coherence's subscription (as the Pub/Sub dead-letter policy writes it)
                Publisher deadPublisher = cloud.publisher(dead);
                try {
                    deadPublisher
                            .publish(PubsubMessage.newBuilder()
                                    .setData(ByteString.copyFromUtf8("{}"))
                                    .putAttributes(
                                            "CloudPubSubDeadLetterSourceSubscription", "coherence-ticks-coherence")
                                    .putAttributes("CloudPubSubDeadLetterSourceDeliveryCount", "100")
                                    .build())
                            .get();
                } finally {
                    deadPublisher.shutdown();
                }
            } finally {
                publisher.shutdown();
            }

            Run[] dry = new Run[1];
            FunctionStack.await("three parked messages", Duration.ofSeconds(60), () -> {
                try {
                    dry[0] = redrive(deadInspect, topic, true);
                    return dry[0].report().parkedMessages() == 3;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String listing = dry[0].output();
            assertThat(listing)
                    .contains("would redrive  event=" + event.id())
                    .contains("delivery attempts ran out (5) on " + topic + "-memory");
            assertThat(listing)
                    .containsPattern(
                            "would redrive  event=sha256:[0-9a-f]+ type=\\? parked-by=memory " + "reason=\"[^\"]+\"");
            assertThat(listing).contains("would drop (a tick; the next tick made it up)");
            assertThat(redrive(deadInspect, topic, true).report().parkedMessages())
                    .as("a dry run moves nothing")
                    .isEqualTo(3);
            assertThat(count(cloud, "SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                    .isZero();

            // 4. fixed: memory is back; 5. redrive
            memory = FunctionStack.startInvoker(FunctionStack.MEMORY, memoryPort);
            Run first = redrive(deadInspect, topic, false);
            assertThat(first.report().redriven()).as(first.output()).isEqualTo(2);
            assertThat(first.report().ticksDropped()).isEqualTo(1);
            FunctionStack.await("the redriven event recorded", Duration.ofSeconds(30), () -> {
                try {
                    return count(cloud, "SELECT count(*) FROM events WHERE event_id = ?", event.id()) == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            // the poison is still poison: memory parks it again, and only it
            Run after = redrive(deadInspect, topic, true);
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    after.report().parkedMessages() != 1 && System.nanoTime() < end; ) {
                Thread.sleep(200);
                after = redrive(deadInspect, topic, true);
            }
            assertThat(after.report().parkedMessages())
                    .as(first.output() + "\n---\n" + after.output())
                    .isEqualTo(1);
            assertThat(after.output())
                    .contains("parked-by=memory")
                    .doesNotContain(event.id())
                    .doesNotContain("would drop");

            // 6. a second redrive: the event stays recorded once
            Run second = redrive(deadInspect, topic, false);
            assertThat(second.output()).doesNotContain(event.id());
            Thread.sleep(1500); // a doubled delivery, if any, would be recorded by now
            assertThat(count(cloud, "SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                    .isEqualTo(1);
            assertThat(count(cloud, "SELECT count(*) FROM messages WHERE event_id = ?", event.id()))
                    .isEqualTo(1);
        } finally {
            try {
                memory.stopServer();
            } catch (IllegalStateException alreadyStopped) {
                // stopped in step 2 and the test failed before step 4
            }
            deadTopic.put("DEAD_LETTER_TOPIC", null);
            FunctionConfig.override(deadTopic);
        }
    }
}

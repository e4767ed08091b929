package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.cloud.functions.invoker.runner.Invoker;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.store.EventLog;

/**
 * coherence's ticks: only the regions of COUNCIL_REGIONS are folded (docs/contracts.md#regions); ticks lost
 * while coherence is down are made up by the next one, and the version only grows.
 */
@ExtendWith(LocalCloudExtension.class)
class CoherenceTicksTest {

    static LocalCloud cloud;
    static FunctionStack stack;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
    }

    static void record(MessageSent event) throws Exception {
        assertThat(Push.deliver(
                        stack.http,
                        stack.memoryPort,
                        "m-" + UUID.randomUUID(),
                        EventCodec.toCloudEventJson(event, "//test")))
                .isEqualTo(200);
    }

    static List<MessageSent> window(long at) throws Exception {
        return new EventLog(cloud.dataSource()).messagesInWindow(at, CoherenceModel.DEFAULT);
    }

    @Test
    void onlyTheConfiguredRegionsAreFolded() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String a = "fold-a-" + tag;
        String b = "fold-b-" + tag;
        String stranger = "stranger-" + tag;
        long now = System.currentTimeMillis();
        record(PipelineTest.messageEvent(a, 1, now - 2000));
        record(PipelineTest.messageEvent(a, 2, now - 1000));
        record(PipelineTest.messageEvent(stranger, 3, now - 500));
        int coherencePort =
                FunctionStack.startWith(Map.of("COUNCIL_REGIONS", a + ", " + b), FunctionStack.COHERENCE)[0];
        assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        FieldState state = PipelineTest.field(cloud.firestore());
        assertThat(state.regions().keySet()).containsExactlyInAnyOrder(a, b);
        List<MessageSent> folded = window(state.updatedAtMillis()).stream()
                .filter(m -> m.region().equals(a) || m.region().equals(b))
                .toList();
        FieldReading expected = FieldRecompute.read(folded, state.updatedAtMillis(), CoherenceModel.DEFAULT);
        assertThat(state.global().coherence()).isCloseTo(expected.globalCoherence(), within(1e-9));
        assertThat(state.regions().get(a).coherence())
                .isCloseTo(expected.regionCoherence().get(a), within(1e-9));
        assertThat(state.regions().get(b).coherence()).isEqualTo(CoherenceModel.DEFAULT.baseline());
        assertThat(state.global().agents())
                .isEqualTo(state.regions().values().stream()
                        .mapToInt(r -> r.agents())
                        .sum());
    }

    @Test
    void ticksLostWhileCoherenceIsDownAreMadeUpByTheNextOne() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String ticks = "ticks-" + tag;
        String dead = "ticks-dead-" + tag;
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), ticks));
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), dead));
        String deadInspect =
                SubscriptionName.of(cloud.projectId(), dead + "-inspect").toString();
        cloud.subscriptionAdmin()
                .createSubscription(Subscription.newBuilder()
                        .setName(deadInspect)
                        .setTopic(TopicName.of(cloud.projectId(), dead).toString())
                        .build());
        int port = FunctionStack.freePort();
        // a short test backoff: five attempts against a stopped coherence take a second, not ten minutes
        cloud.subscriptionAdmin()
                .createSubscription(DeadLetteringPush.subscription(cloud, ticks + "-coherence", ticks, dead, port)
                        .build());
        Publisher publisher = cloud.publisher(ticks);
        Invoker coherence = FunctionStack.startInvoker(FunctionStack.COHERENCE, port);
        try {
            FieldState before = PipelineTest.field(cloud.firestore());
            long beforeVersion = before == null ? 0 : before.version();
            // the first tick straight at coherence, so that nothing is in flight when it stops
            assertThat(Push.deliver(stack.http, port, "tick-" + UUID.randomUUID(), "{}"))
                    .isEqualTo(200);
            awaitVersionAbove(beforeVersion);
            long up = PipelineTest.field(cloud.firestore()).version();

            coherence.stopServer();
            for (int i = 0; i < 3; i++) {
                tick(publisher);
            }
            String region = "made-up-" + tag;
            long now = System.currentTimeMillis();
            record(PipelineTest.messageEvent(region, 1, now - 1500));
            record(PipelineTest.messageEvent(region, 2, now - 500));
            int lost = 0;
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    lost < 3 && System.nanoTime() < end; ) {
                @SuppressWarnings("deprecation")
                List<ReceivedMessage> got = cloud.subscriptionAdmin()
                        .pull(PullRequest.newBuilder()
                                .setSubscription(deadInspect)
                                .setMaxMessages(10)
                                .setReturnImmediately(true)
                                .build())
                        .getReceivedMessagesList();
                if (!got.isEmpty()) {
                    cloud.subscriptionAdmin()
                            .acknowledge(
                                    deadInspect,
                                    got.stream().map(ReceivedMessage::getAckId).toList());
                }
                lost += got.size();
                Thread.sleep(100);
            }
            assertThat(lost)
                    .as("the three ticks ran out of attempts while coherence was down")
                    .isEqualTo(3);
            assertThat(PipelineTest.field(cloud.firestore()).version())
                    .as("no field while down")
                    .isEqualTo(up);

            coherence = FunctionStack.startInvoker(FunctionStack.COHERENCE, port);
            tick(publisher);
            awaitVersionAbove(up);
            FieldState state = PipelineTest.field(cloud.firestore());
            assertThat(state.version()).isGreaterThan(up);
            FieldReading expected = FieldRecompute.read(
                    window(state.updatedAtMillis()), state.updatedAtMillis(), CoherenceModel.DEFAULT);
            assertThat(state.global().coherence()).isCloseTo(expected.globalCoherence(), within(1e-9));
            assertThat(state.regions().get(region).coherence())
                    .isCloseTo(expected.regionCoherence().get(region), within(1e-9));
        } finally {
            publisher.shutdown();
            try {
                coherence.stopServer();
            } catch (IllegalStateException alreadyStopped) {
                // the test failed while coherence was down
            }
        }
    }

    static void tick(Publisher publisher) throws Exception {
        publisher
                .publish(PubsubMessage.newBuilder()
                        .setData(ByteString.copyFromUtf8("{}"))
                        .build())
                .get();
    }

    static void awaitVersionAbove(long version) throws InterruptedException {
        FunctionStack.await("field/global past version " + version, Duration.ofSeconds(30), () -> {
            try {
                FieldState now = PipelineTest.field(cloud.firestore());
                return now != null && now.version() > version;
            } catch (Exception e) {
                return false;
            }
        });
    }
}

package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.TopicName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.pubsub.PubSubClients;

/**
 * The crash bound of the local cloud's Pub/Sub, on the launcher as a real process killed with SIGKILL: publish
 * 1,000 events (every publish answered), memory acknowledges 300, more events are published while the process is
 * killed; started again on the same data directory, memory gets the other 700 and every event published since whose
 * publish the client saw answered, none it acknowledged; wisdom gets every answered one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LocalCloudKillTest {

    private static final String PROJECT = "kill-test";

    @TempDir
    Path data;

    @Test
    @SuppressWarnings("deprecation") // unary pull: memory acknowledges exactly 300
    void aSigkillLosesNoPublishTheClientSawAnswered() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Set<String> acked = new HashSet<>();
        AtomicInteger attempted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String memory = ProjectSubscriptionName.of(PROJECT, Topology.MEMORY_SUBSCRIPTION)
                .toString();
        Launcher first = Launcher.start(data);
        try {
            try (PubSubClients clients = PubSubClients.forHost(first.pubsubHost)) {
                // retries end within 30 s: after the kill the publisher gives up on the calls the process never
                // answered
                Publisher publisher = clients.publisherBuilder(TopicName.of(PROJECT, Topology.SACRED_EVENTS))
                        .setRetrySettings(com.google.api.gax.retrying.RetrySettings.newBuilder()
                                .setInitialRetryDelay(org.threeten.bp.Duration.ofMillis(100))
                                .setRetryDelayMultiplier(2)
                                .setMaxRetryDelay(org.threeten.bp.Duration.ofSeconds(5))
                                .setInitialRpcTimeout(org.threeten.bp.Duration.ofSeconds(10))
                                .setRpcTimeoutMultiplier(1)
                                .setMaxRpcTimeout(org.threeten.bp.Duration.ofSeconds(10))
                                .setTotalTimeout(org.threeten.bp.Duration.ofSeconds(30))
                                .build())
                        .build();
                List<ApiFuture<String>> ids = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    ids.add(publisher.publish(event(i)));
                }
                for (ApiFuture<String> id : ids) {
                    answered.add(id.get(30, TimeUnit.SECONDS));
                }
                SubscriptionAdminClient subs = clients.subscriptionAdmin();
                try {
                    while (acked.size() < 300) {
                        List<ReceivedMessage> got = subs.pull(PullRequest.newBuilder()
                                        .setSubscription(memory)
                                        .setMaxMessages(Math.min(100, 300 - acked.size()))
                                        .setReturnImmediately(true)
                                        .build())
                                .getReceivedMessagesList();
                        if (!got.isEmpty()) {
                            subs.acknowledge(
                                    memory,
                                    got.stream().map(ReceivedMessage::getAckId).toList());
                            got.forEach(m -> acked.add(m.getMessage().getMessageId()));
                        }
                    }
                } finally {
                    subs.shutdownNow();
                }
                // publishes in flight when the process dies: only those the client saw answered count
                int before = answered.size();
                for (int i = 1000; answered.size() < before + 500 && i < 4000; i++) {
                    attempted.incrementAndGet();
                    ApiFutures.addCallback(
                            publisher.publish(event(i)),
                            new ApiFutureCallback<String>() {
                                @Override
                                public void onSuccess(String id) {
                                    answered.add(id);
                                }

                                @Override
                                public void onFailure(Throwable t) {
                                    failed.incrementAndGet();
                                }
                            },
                            MoreExecutors.directExecutor());
                    if (i % 20 == 0) {
                        Thread.sleep(2);
                    }
                }
                assertThat(first.kill()).isEqualTo(137);
                publisher.shutdown();
                publisher.awaitTermination(60, TimeUnit.SECONDS);
            }
        } finally {
            first.kill();
        }
        Set<String> answeredAtKill = Set.copyOf(answered);
        Set<String> expectedMemory = new HashSet<>(answeredAtKill);
        expectedMemory.removeAll(acked);
        assertThat(expectedMemory).hasSizeGreaterThanOrEqualTo(1200);

        Launcher second = Launcher.start(data);
        try (PubSubClients clients = PubSubClients.forHost(second.pubsubHost)) {
            Set<String> memoryGot = receive(clients, Topology.MEMORY_SUBSCRIPTION, expectedMemory);
            Set<String> wisdomGot = receive(clients, Topology.WISDOM_SUBSCRIPTION, answeredAtKill);
            assertThat(memoryGot).containsAll(expectedMemory).doesNotContainAnyElementsOf(acked);
            assertThat(wisdomGot).containsAll(answeredAtKill);
            System.out.printf(
                    "kill -9: %d publishes answered before the kill (%d in flight attempted after the first 1,000,"
                            + " %d failed with the process), memory got %d after the restart, wisdom %d%n",
                    answeredAtKill.size(), attempted.get(), failed.get(), memoryGot.size(), wisdomGot.size());
        } finally {
            second.kill();
        }
    }

    private static Set<String> receive(PubSubClients clients, String subscription, Set<String> expected)
            throws Exception {
        Set<String> got = ConcurrentHashMap.newKeySet();
        Subscriber subscriber = clients.subscriberBuilder(
                        ProjectSubscriptionName.of(PROJECT, subscription), (message, reply) -> {
                            got.add(message.getMessageId());
                            reply.ack();
                        })
                .build();
        subscriber.startAsync().awaitRunning();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!got.containsAll(expected) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            Thread.sleep(300); // an acknowledged one would arrive now
        } finally {
            subscriber.stopAsync().awaitTerminated(20, TimeUnit.SECONDS);
        }
        return got;
    }

    private static PubsubMessage event(int n) {
        return PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8("{\"n\":" + n + "}"))
                .build();
    }

    /** The launcher ({@link LocalCloudMain}) as a process of its own, Pub/Sub only, on a data directory. */
    private record Launcher(Process process, String pubsubHost) {

        static Launcher start(Path data) throws Exception {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            LocalCloudMain.class.getName(),
                            "--project",
                            PROJECT,
                            "--pubsub-port",
                            "0",
                            "--no-firestore",
                            "--no-postgres",
                            "--tick-period",
                            "off",
                            "--data-dir",
                            data.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            for (String inherited : List.of(
                    "PUBSUB_EMULATOR_HOST",
                    "FIRESTORE_EMULATOR_HOST",
                    "DATABASE_URL",
                    "LOCAL_CLOUD_DATA_DIR",
                    "MEMORY_PUSH_URL",
                    "WISDOM_PUSH_URL",
                    "COHERENCE_PUSH_URL")) {
                env.remove(inherited); // the test's own choices, not the shell's
            }
            Process process = builder.start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern pubsub = Pattern.compile("^\\s+Pub/Sub\\s+(127\\.0\\.0\\.1:\\d+)");
            String host = null;
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                Matcher m = pubsub.matcher(line);
                if (m.find()) {
                    host = m.group(1);
                }
                if (line.contains("Ctrl-C stops everything")) {
                    break;
                }
            }
            if (host == null || line == null) {
                process.destroyForcibly();
                throw new AssertionError("the launcher did not print its status; output: " + lines);
            }
            Thread drain = new Thread(
                    () -> {
                        try {
                            while (out.readLine() != null) {
                                // keep the pipe from filling up
                            }
                        } catch (java.io.IOException ignored) {
                            // the process is gone
                        }
                    },
                    "launcher-output");
            drain.setDaemon(true);
            drain.start();
            assertThat(Files.isDirectory(data.resolve("pubsub"))).isTrue();
            return new Launcher(process, host);
        }

        /** SIGKILL (what {@code destroyForcibly} sends on Linux); returns the exit code. */
        int kill() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the launcher did not die of SIGKILL");
            }
            return process.exitValue();
        }
    }
}

package org.sacredcouncil.emulator.pubsub.bench;

import com.google.api.core.ApiFuture;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.emulator.pubsub.PubSubClients;
import org.sacredcouncil.emulator.pubsub.PubSubEmulator;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;
import org.sacredcouncil.emulator.pubsub.reference.GooglePubSubEmulator;

/**
 * Publish → push delivery and publish → streaming pull, on loopback, with the official Publisher
 * and Subscriber: throughput and p50/p99 latency (publish call to receipt), for our emulator and,
 * where installed, Google's — side by side from the same run.
 *
 * <p>Run: {@code mvn -q -pl emulator/pubsub compile exec:java [-Dexec.args="5000"]}.
 */
public final class PubSubBenchmark {

    private static final String PROJECT = "bench";

    /** Throughput from an unpaced burst; latency from a paced run (no queue in the publisher). */
    record Result(String emulator, String path, int sent, int received, double seconds, double p50Ms, double p99Ms) {
        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %-14s | %-28s | %6d/%-6d | %9.0f | %8.2f | %8.2f |",
                    emulator,
                    path,
                    received,
                    sent,
                    received / seconds,
                    p50Ms,
                    p99Ms);
        }
    }

    /** The paced latency run: messages per second and count. */
    private static final int PACED_RATE = 200;

    private static final int PACED_COUNT = 1000;

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        List<Result> results = new ArrayList<>();
        try (PubSubEmulator ours = PubSubEmulator.start(0)) {
            results.addAll(runAll("ours", ours.hostAndPort(), messages, true));
        }
        if (args.length > 2 && args[2].equals("data-dir")) {
            // the journal's cost: ours again on a data directory (as ./council up runs it)
            Path dir = java.nio.file.Files.createTempDirectory("pubsub-bench-data");
            try (PubSubEmulator journalled = PubSubEmulator.start("127.0.0.1", 0, dir)) {
                results.addAll(runAll("ours, data dir", journalled.hostAndPort(), messages, true));
            }
        }
        Optional<Path> jar =
                args.length > 1 && args[1].equals("ours-only") ? Optional.empty() : GooglePubSubEmulator.findJar();
        if (jar.isPresent()) {
            try (GooglePubSubEmulator google = GooglePubSubEmulator.start(jar.get())) {
                results.addAll(runAll("google 0.8.20", google.hostAndPort(), messages, false));
            }
        } else {
            System.out.println("(skipped Google's emulator: " + GooglePubSubEmulator.whatIsMissing() + ")");
        }
        System.out.println();
        System.out.println(
                "msg/s: burst of " + messages + " messages (batched publisher); p50/p99: publish call to receipt, "
                        + PACED_COUNT + " messages paced at " + PACED_RATE + "/s");
        System.out.println(
                "| emulator       | path                         | received/sent | msg/s     | p50 ms   | p99 ms   |");
        System.out.println(
                "|----------------|------------------------------|---------------|-----------|----------|----------|");
        results.forEach(r -> System.out.println(r.row()));
        System.exit(0);
    }

    private static List<Result> runAll(String name, String host, int messages, boolean cloudEvents) throws Exception {
        List<Result> results = new ArrayList<>();
        try (PubSubClients clients = PubSubClients.forHost(host)) {
            TopicAdminClient topics = clients.topicAdmin();
            SubscriptionAdminClient subs = clients.subscriptionAdmin();
            try {
                // warm-up on each path, then the measured run
                streamingPull(name, clients, topics, subs, Math.min(2000, messages), "warm-sp");
                results.add(streamingPull(name, clients, topics, subs, messages, "sp"));
                push(name, clients, topics, subs, Math.min(2000, messages), PushFormat.PUBSUB, "warm-push");
                results.add(push(name, clients, topics, subs, messages, PushFormat.PUBSUB, "push"));
                if (cloudEvents) {
                    results.add(push(name, clients, topics, subs, messages, PushFormat.CLOUD_EVENT, "push-ce"));
                }
            } finally {
                topics.shutdownNow();
                subs.shutdownNow();
            }
        }
        return results;
    }

    private static Result streamingPull(
            String name,
            PubSubClients clients,
            TopicAdminClient topics,
            SubscriptionAdminClient subs,
            int messages,
            String tag)
            throws Exception {
        String topic = createTopic(topics, tag);
        String sub = "projects/" + PROJECT + "/subscriptions/" + tag + "-" + System.nanoTime();
        subs.createSubscription(Subscription.newBuilder()
                .setName(sub)
                .setTopic(topic)
                .setAckDeadlineSeconds(60)
                .build());
        Latencies latencies = new Latencies();
        Subscriber subscriber = clients.subscriberBuilder(ProjectSubscriptionName.parse(sub), (message, reply) -> {
                    latencies.record(
                            Integer.parseInt(message.getAttributesOrThrow("i")),
                            Long.parseLong(message.getAttributesOrThrow("t0")),
                            System.nanoTime());
                    reply.ack();
                })
                .build();
        subscriber.startAsync().awaitRunning();
        try {
            return measure(name, "publish → streaming pull", clients, topic, messages, latencies);
        } finally {
            subscriber.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
        }
    }

    private static Result push(
            String name,
            PubSubClients clients,
            TopicAdminClient topics,
            SubscriptionAdminClient subs,
            int messages,
            PushFormat format,
            String tag)
            throws Exception {
        Latencies latencies = new Latencies();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var attributes = JsonParser.parseString(body)
                    .getAsJsonObject()
                    .getAsJsonObject("message")
                    .getAsJsonObject("attributes");
            latencies.record(
                    attributes.get("i").getAsInt(), attributes.get("t0").getAsLong(), now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(pool);
        server.start();
        try {
            String topic = createTopic(topics, tag);
            PushConfig.Builder push = PushConfig.newBuilder()
                    .setPushEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            if (format == PushFormat.CLOUD_EVENT) {
                push.putAttributes(PushFormat.ATTRIBUTE, format.attributeValue());
            }
            subs.createSubscription(Subscription.newBuilder()
                    .setName("projects/" + PROJECT + "/subscriptions/" + tag + "-" + System.nanoTime())
                    .setTopic(topic)
                    .setPushConfig(push)
                    .setAckDeadlineSeconds(60)
                    .build());
            String path = format == PushFormat.CLOUD_EVENT ? "publish → push (CloudEvent)" : "publish → push";
            return measure(name, path, clients, topic, messages, latencies);
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    private static Result measure(
            String name, String path, PubSubClients clients, String topic, int burst, Latencies latencies)
            throws Exception {
        Publisher batched = clients.publisherBuilder(TopicName.parse(topic))
                .setBatchingSettings(com.google.api.gax.batching.BatchingSettings.newBuilder()
                        .setElementCountThreshold(100L)
                        .setRequestByteThreshold(1_000_000L)
                        .setDelayThreshold(org.threeten.bp.Duration.ofMillis(5))
                        .build())
                .build();
        latencies.expect(burst);
        long start = System.nanoTime();
        publish(batched, 0, burst, 0);
        boolean all = latencies.await(60);
        double seconds = (latencies.lastNanos() - start) / 1e9;
        int received = latencies.count();
        shutdown(batched);
        if (!all) {
            System.out.println("  " + name + " / " + path + ": only " + received + " of " + burst + " within 60 s");
        }

        Publisher single = clients.publisherBuilder(TopicName.parse(topic)).build();
        latencies.expect(PACED_COUNT);
        publish(single, burst, PACED_COUNT, 1_000_000_000L / PACED_RATE);
        latencies.await(60);
        shutdown(single);
        return new Result(name, path, burst, received, seconds, latencies.percentile(50), latencies.percentile(99));
    }

    private static void publish(Publisher publisher, int firstIndex, int count, long paceNanos) throws Exception {
        ByteString payload =
                ByteString.copyFromUtf8("{\"type\":\"council.message.sent\",\"text\":\"" + "x".repeat(200) + "\"}");
        List<ApiFuture<String>> futures = new ArrayList<>(count);
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (paceNanos > 0) {
                next += paceNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            futures.add(publisher.publish(PubsubMessage.newBuilder()
                    .setData(payload)
                    .putAttributes("i", Integer.toString(firstIndex + i))
                    .putAttributes("t0", Long.toString(System.nanoTime()))
                    .build()));
        }
        for (ApiFuture<String> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    private static void shutdown(Publisher publisher) throws InterruptedException {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static String createTopic(TopicAdminClient topics, String tag) {
        return topics.createTopic(TopicName.of(PROJECT, tag + "-" + System.nanoTime()))
                .getName();
    }

    /** Latency of each first receipt (duplicates of at-least-once delivery are not counted twice). */
    private static final class Latencies {
        private final ConcurrentHashMap<Integer, Boolean> seen = new ConcurrentHashMap<>();
        private volatile ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        private volatile CountDownLatch done = new CountDownLatch(0);
        private volatile long last;

        /** Starts a new measured round of {@code expected} messages. */
        void expect(int expected) {
            nanos = new ConcurrentLinkedQueue<>();
            done = new CountDownLatch(expected);
        }

        void record(int index, long t0, long now) {
            if (seen.putIfAbsent(index, Boolean.TRUE) == null) {
                nanos.add(now - t0);
                last = now;
                done.countDown();
            }
        }

        boolean await(int seconds) throws InterruptedException {
            return done.await(seconds, TimeUnit.SECONDS);
        }

        long lastNanos() {
            return last;
        }

        int count() {
            return nanos.size();
        }

        double percentile(int p) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }
    }
}

package org.sacredcouncil.functions.bench;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudBuilder;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.it.FunctionStack;

/**
 * Messages per second and POST→persisted latency through heart → Pub/Sub → memory → PostgreSQL, beside
 * the emulator's raw publish → push figure from the same run; then cold starts of each function beside a
 * hello-world function on the same invoker. Run (see README): not part of {@code mvn verify}.
 *
 * <p>64 agents: the emulator pushes one message per ordering key (agent) at a time, as Pub/Sub does.
 *
 * <p>Arguments ({@code messages=0}: cold starts only): {@code [messages=3000] [concurrency=32] [coldStartRounds=3]}.
 */
public final class PipelineBenchmark {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int coldRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        LocalCloud cloud = LocalCloud.builder()
                .tickPeriod(LocalCloudBuilder.parseDuration("off"))
                .deliveryPolicyOverride(
                        org.sacredcouncil.emulator.cloud.LocalCloudExtension.TEST_POLICY,
                        "the benchmark measures the pipeline, not the retry policy")
                .start();
        try {
            System.out.printf("local cloud up in %d ms%n", cloud.startupMillis());
            if (messages == 0) {
                coldStarts(cloud, coldRounds);
                return;
            }
            double[] raw = rawPublishToPush(cloud, messages);
            double[] pipeline = pipeline(cloud, messages, concurrency);
            System.out.println();
            System.out.println("| path | messages | msg/s | p50 ms | p99 ms |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf(
                    "| emulator raw publish → push (baseline) | %d | %.0f | %.1f | %.1f |%n",
                    messages, raw[0], raw[1], raw[2]);
            System.out.printf(
                    "| heart POST → Pub/Sub → memory → PostgreSQL | %d | %.0f | %.1f | %.1f |%n",
                    messages, pipeline[0], pipeline[1], pipeline[2]);
            System.out.printf("pipeline / raw throughput: %.2f×%n", pipeline[0] / raw[0]);
            coldStarts(cloud, coldRounds);
        } finally {
            cloud.close();
            System.exit(0);
        }
    }

    /**
     * Publish N small messages as fast as the client batches them; a JDK HTTP server takes the pushes.
     * Each message carries its publish time (nanoTime, same JVM), so latency needs no id bookkeeping.
     */
    static double[] rawPublishToPush(LocalCloud cloud, int n) throws Exception {
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(n);
        long[] lastArrival = {0};
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.setExecutor(Executors.newFixedThreadPool(8));
        sink.createContext("/", exchange -> {
            String id = exchange.getRequestHeaders().getFirst("ce-id");
            String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            long now = System.nanoTime();
            if (id != null && seen.putIfAbsent(id, Boolean.TRUE) == null) {
                String data = JsonReader.parseObject(body).object("message").string("data");
                long sent = Long.parseLong(new String(Base64.getDecoder().decode(data)));
                latencies.add(now - sent);
                synchronized (lastArrival) {
                    lastArrival[0] = Math.max(lastArrival[0], now);
                }
                done.countDown();
            }
        });
        sink.start();
        String topic = "bench-raw";
        cloud.topicAdmin().createTopic(TopicName.of(cloud.projectId(), topic));
        cloud.createPushSubscription(
                "bench-raw-push", topic, "http://127.0.0.1:" + sink.getAddress().getPort() + "/");
        Publisher publisher = cloud.publisher(topic);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            publisher.publish(PubsubMessage.newBuilder()
                    .setData(ByteString.copyFromUtf8(Long.toString(System.nanoTime())))
                    .build());
        }
        boolean all = done.await(120, TimeUnit.SECONDS);
        publisher.shutdown();
        sink.stop(0);
        long elapsed = lastArrival[0] - start;
        System.out.printf("raw: %d/%d pushed%s%n", n - done.getCount(), n, all ? "" : " (timed out)");
        return summary(n - (int) done.getCount(), elapsed, latencies);
    }

    static double[] pipeline(LocalCloud cloud, int n, int concurrency) throws Exception {
        FunctionConfig.override(FunctionStack.environmentOf(cloud));
        int heart = FunctionStack.start(FunctionStack.HEART);
        int memory = FunctionStack.start(FunctionStack.MEMORY);
        cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, "http://127.0.0.1:" + memory + "/");
        cloud.setPushEndpoint(Topology.WISDOM_SUBSCRIPTION, null);
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(concurrency))
                .build();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + heart + "/v1/agents"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"bench-" + i + "\",\"name\":\"Bench "
                                    + i + "\",\"region\":\"bench-region\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            keys.add(JsonReader.parseObject(r.body()).string("apiKey"));
        }
        // warm-up: JIT, pools, channels
        post(http, heart, keys, 200, concurrency, new ConcurrentHashMap<>());
        awaitRows(cloud, 200 + 0, "bench-region", 60);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long startMillis = System.currentTimeMillis();
        int failed = post(http, heart, keys, n, concurrency, sentAt);
        awaitRows(cloud, 200 + n - failed, "bench-region", 180);
        List<Long> latencies = new ArrayList<>();
        long last = 0;
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT m.id, e.recorded_at FROM messages m "
                        + "JOIN events e ON e.event_id = m.event_id WHERE m.region = 'bench-region'");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Long sent = sentAt.get(r.getString(1));
                if (sent != null) {
                    long persisted = r.getTimestamp(2).getTime();
                    latencies.add((persisted - sent) * 1_000_000L);
                    last = Math.max(last, persisted);
                }
            }
        }
        System.out.printf("pipeline: %d accepted, %d refused or failed%n", n - failed, failed);
        return summary(latencies.size(), (last - startMillis) * 1_000_000L, latencies);
    }

    static int post(HttpClient http, int heart, List<String> keys, int n, int concurrency, Map<String, Long> sentAt)
            throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            long t = System.currentTimeMillis();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + heart + "/v1/messages"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + keys.get(i % keys.size()))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"blessing\",\"text\":\"benchmark blessing " + i + " for the whole council\"}"))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 202) {
                    sentAt.put(JsonReader.parseObject(r.body()).string("messageId"), t);
                } else {
                    failed.incrementAndGet();
                }
                inFlight.release();
                done.countDown();
            });
        }
        done.await();
        return failed.get();
    }

    static void awaitRows(LocalCloud cloud, int expected, String region, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int rows = 0;
        while (System.nanoTime() < end) {
            try (Connection c = cloud.dataSource().getConnection();
                    PreparedStatement s = c.prepareStatement("SELECT count(*) FROM messages WHERE region = ?")) {
                s.setString(1, region);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    rows = r.getInt(1);
                }
            } catch (Exception notYetMigrated) {
                rows = 0;
            }
            if (rows >= expected) {
                return;
            }
            Thread.sleep(100);
        }
        System.out.printf("only %d of %d rows persisted%n", rows, expected);
    }

    /** {msg/s, p50 ms, p99 ms}. */
    static double[] summary(int count, long elapsedNanos, List<Long> latencyNanos) {
        List<Long> sorted = new ArrayList<>(latencyNanos);
        Collections.sort(sorted);
        double rate = count / (elapsedNanos / 1e9);
        return new double[] {rate, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6};
    }

    static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    // ------------------------------------------------------------------ cold start

    static void coldStarts(LocalCloud cloud, int rounds) throws Exception {
        String[][] targets = {
            {"hello-world (baseline)", HelloFunction.class.getName(), "http"},
            {"heart", FunctionStack.HEART, "http"},
            {"memory", FunctionStack.MEMORY, "event"},
            {"wisdom", FunctionStack.WISDOM, "event"},
            {"coherence", FunctionStack.COHERENCE, "tick"}
        };
        System.out.println();
        System.out.println("| function | cold start median ms (process start → first 200) | × hello-world |");
        System.out.println("|---|---|---|");
        double hello = 0;
        for (String[] target : targets) {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                times.add(coldStart(cloud, target[1], target[2]));
            }
            Collections.sort(times);
            double median = times.get(times.size() / 2);
            if (hello == 0) {
                hello = median;
            }
            System.out.printf("| %s | %.0f | %.2f |%n", target[0], median, median / hello);
        }
    }

    static long coldStart(LocalCloud cloud, String target, String kind) throws Exception {
        int port = FunctionStack.freePort();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "com.google.cloud.functions.invoker.runner.Invoker",
                "--target",
                target,
                "--port",
                Integer.toString(port));
        pb.environment().putAll(FunctionStack.environmentOf(cloud));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        Process process = pb.start();
        try {
            while (true) {
                try {
                    HttpResponse<String> r = http.send(request(port, kind), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (java.io.IOException notListeningYet) {
                    // keep polling
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException(target + " did not answer 200 within 60 s");
                }
                Thread.sleep(10);
            }
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static HttpRequest request(int port, String kind) {
        URI base = URI.create("http://127.0.0.1:" + port + (kind.equals("http") ? "/v1/field" : "/"));
        if (kind.equals("http")) {
            return HttpRequest.newBuilder(base).GET().build();
        }
        String data = kind.equals("tick")
                ? "{}"
                : org.sacredcouncil.core.event.EventCodec.toCloudEventJson(
                        new org.sacredcouncil.core.event.PresenceBeat(
                                java.util.UUID.randomUUID().toString(),
                                System.currentTimeMillis(),
                                "cold-agent",
                                "cold-region"),
                        "//bench");
        String id = java.util.UUID.randomUUID().toString();
        String body = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(data.getBytes())
                + "\",\"messageId\":\"" + id + "\"},\"subscription\":\"bench\"}";
        return HttpRequest.newBuilder(base)
                .header("Content-Type", "application/json")
                .header("ce-id", id)
                .header("ce-source", "//pubsub.googleapis.com/bench")
                .header("ce-specversion", "1.0")
                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}

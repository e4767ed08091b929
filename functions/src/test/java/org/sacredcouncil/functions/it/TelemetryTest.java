package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceViewMain;

/**
 * Telemetry through the real parts: the four functions in invokers, heart over HTTP, Pub/Sub pushes from the
 * emulator, each function's metrics scraped from its own {@code GET /metrics} and spans read from its own
 * {@code GET /traces} (functions/README.md#telemetry).
 */
class TelemetryTest extends OnFunctionStack {

    static int port(String function) {
        int port = Telemetry.of(function).endpointPort();
        assertThat(port).as(function + "'s telemetry endpoint").isPositive();
        return port;
    }

    static Scrape scrape(String function) throws Exception {
        return Scrape.of(stack.http, port(function));
    }

    static List<JsonObject> spans(String function, String traceId) throws Exception {
        HttpResponse<String> r = stack.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(function) + "/traces?traceId=" + traceId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonReader.parseObject(r.body()).objects("spans");
    }

    static void awaitDelta(String what, String function, Scrape before, double delta, String name, String... labels)
            throws InterruptedException {
        FunctionStack.await(what, Duration.ofSeconds(30), () -> {
            try {
                return scrape(function).value(name, labels) - before.value(name, labels) >= delta;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void oneMessageMovesEachInstrumentByWhatHappenedAndItsTraceRunsThroughHeartMemoryAndWisdom() throws Exception {
        String agent = "telemetry-" + UUID.randomUUID().toString().substring(0, 8);
        Scrape memoryStart = scrape("memory");
        String key = stack.registerAgent(agent, "test-home");
        awaitDelta("the join recorded", "memory", memoryStart, 1, "sacred_events_recorded_total", "function", "memory");

        Scrape heart0 = scrape("heart");
        Scrape memory0 = scrape("memory");
        Scrape wisdom0 = scrape("wisdom");
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String edgeSpan = HexFormat.of().formatHex(randomBytes(8));
        String body = "{\"type\":\"blessing\",\"text\":\"may the trace be whole\"}";
        String idempotencyKey = UUID.randomUUID().toString();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, logs), true, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> sent = stack.heart(
                    "POST",
                    "/v1/messages",
                    body,
                    "Authorization",
                    "Bearer " + key,
                    "Idempotency-Key",
                    idempotencyKey,
                    "traceparent",
                    "00-" + traceId + "-" + edgeSpan + "-01");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            awaitDelta("memory recorded the message", "memory", memory0, 1, "sacred_events_recorded_total");
            awaitDelta("wisdom stored its glyphs", "wisdom", wisdom0, 1, "sacred_events_recorded_total");
            // the client's retry: answered from the idempotency record, nothing published
            HttpResponse<String> replay = stack.heart(
                    "POST", "/v1/messages", body, "Authorization", "Bearer " + key, "Idempotency-Key", idempotencyKey);
            assertThat(replay.body()).isEqualTo(sent.body());
            Thread.sleep(500); // a stray second delivery would show now
        } finally {
            System.setOut(original);
        }

        Scrape heart1 = scrape("heart");
        Scrape memory1 = scrape("memory");
        Scrape wisdom1 = scrape("wisdom");
        String[] sendLabels = {"service", "heart", "method", "POST /v1/messages"};
        assertThat(delta(heart0, heart1, "sacred_messages_total", "type", "blessing", "region", "test-home"))
                .isEqualTo(1);
        assertThat(delta(heart0, heart1, "sacred_idempotency_replays_total", "operation", "POST /v1/messages"))
                .isEqualTo(1);
        assertThat(delta(heart0, heart1, "sacred_service_latency_count", sendLabels))
                .isEqualTo(2);
        assertThat(delta(heart0, heart1, "sacred_service_latency_sum", sendLabels))
                .isPositive();
        for (String[] f : new String[][] {{"memory", "memory"}, {"wisdom", "wisdom"}}) {
            Scrape before = f[0].equals("memory") ? memory0 : wisdom0;
            Scrape after = f[0].equals("memory") ? memory1 : wisdom1;
            String function = f[1];
            assertThat(delta(before, after, "sacred_events_recorded_total", "function", function))
                    .as(function + " recorded")
                    .isEqualTo(1);
            assertThat(delta(before, after, "sacred_events_duplicate_total", "function", function))
                    .as(function + " duplicates")
                    .isZero();
            assertThat(delta(before, after, "sacred_service_latency_count", "service", function, "method", "push"))
                    .as(function + " pushes timed")
                    .isEqualTo(1);
            // the emulator's subscriptions have a dead-letter policy: Pub/Sub counts attempts; this was the first
            assertThat(delta(before, after, "sacred_delivery_attempts_count", "function", function))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sacred_delivery_attempts_sum", "function", function))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sacred_event_age_count", "function", function))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sacred_event_age_sum", "function", function))
                    .isBetween(0.0, 30.0);
        }

        // one trace: the edge's span → heart's span → memory's and wisdom's push spans
        List<JsonObject> heartSpans = spans("heart", traceId);
        assertThat(heartSpans).hasSize(1);
        JsonObject heartSpan = heartSpans.get(0);
        assertThat(heartSpan.string("name")).isEqualTo("heart POST /v1/messages");
        assertThat(heartSpan.string("kind")).isEqualTo("SERVER");
        assertThat(heartSpan.string("parentSpanId")).isEqualTo(edgeSpan);
        String heartSpanId = heartSpan.string("spanId");
        String memorySpanId = childOf("memory", traceId, heartSpanId);
        String wisdomSpanId = childOf("wisdom", traceId, heartSpanId);

        // the local viewer joins the three functions' endpoints into one tree
        ByteArrayOutputStream view = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(view, true, StandardCharsets.UTF_8));
        try {
            TraceViewMain.main(new String[] {
                "--trace",
                traceId,
                Integer.toString(port("heart")),
                Integer.toString(port("memory")),
                Integer.toString(port("wisdom")),
                Integer.toString(port("coherence"))
            });
        } finally {
            System.setOut(stdout);
        }
        String[] tree = view.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(tree[0]).startsWith("trace " + traceId + "  3 spans");
        assertThat(tree[1])
                .contains("heart")
                .contains("heart POST /v1/messages")
                .contains("(parent " + edgeSpan);
        assertThat(List.of(tree[2], tree[3]))
                .anySatisfy(l -> assertThat(l).startsWith("    memory").contains("memory push"))
                .anySatisfy(l -> assertThat(l).startsWith("    wisdom").contains("wisdom push"));

        String trace = "projects/" + FunctionConfig.projectId() + "/traces/" + traceId;
        List<JsonObject> traced = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains(traceId)) {
                traced.add(JsonReader.parseObject(line));
            }
        }
        assertThat(traced)
                .allSatisfy(l ->
                        assertThat(l.string("logging.googleapis.com/trace")).isEqualTo(trace));
        assertThat(spanIdOfLine(traced, "heart", "POST /v1/messages 202")).isEqualTo(heartSpanId);
        assertThat(spanIdOfLine(traced, "memory", "event recorded")).isEqualTo(memorySpanId);
        assertThat(spanIdOfLine(traced, "wisdom", "glyphs stored")).isEqualTo(wisdomSpanId);
    }

    @Test
    void aTickSetsTheFieldGaugesLinksTheMessagesTracesAndCarriesItsOwnTraceToTheConsumers() throws Exception {
        // a message in a trace of its own, recorded before the tick
        String key = stack.registerAgent(
                "telemetry-tick-" + UUID.randomUUID().toString().substring(0, 8), "test-home");
        Scrape memory0 = scrape("memory");
        String messageTrace = HexFormat.of().formatHex(randomBytes(16));
        HttpResponse<String> sent = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"gratitude\",\"text\":\"thanks for the tick\"}",
                "Authorization",
                "Bearer " + key,
                "traceparent",
                "00-" + messageTrace + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        awaitDelta("memory recorded the message", "memory", memory0, 1, "sacred_events_recorded_total");

        Scrape coherence0 = scrape("coherence");
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, logs), true, StandardCharsets.UTF_8));
        FieldState field;
        try {
            field = PipelineTest.tickAndAwait(cloud.firestore());
            // field/global is written inside the tick, the counter once the tick committed
            awaitDelta(
                    "the tick counted",
                    "coherence",
                    coherence0,
                    1,
                    "sacred_events_recorded_total",
                    "function",
                    "coherence");
        } finally {
            System.setOut(original);
        }
        Scrape coherence1 = scrape("coherence");
        assertThat(coherence1.value("sacred_field_coherence", "region", "global"))
                .isCloseTo(field.global().coherence(), within(1e-12));
        assertThat(field.regions()).containsKey("test-home");
        for (var region : field.regions().entrySet()) {
            assertThat(coherence1.value("sacred_field_coherence", "region", region.getKey()))
                    .as(region.getKey())
                    .isCloseTo(region.getValue().coherence(), within(1e-12));
        }
        assertThat(coherence1.value("sacred_love_amplification")).isCloseTo(field.loveAmplification(), within(1e-12));
        // the push's latency is recorded as its answer is written, just after the tick
        awaitDelta(
                "the tick's push timed",
                "coherence",
                coherence0,
                1,
                "sacred_service_latency_count",
                "service",
                "coherence",
                "method",
                "push");

        // the tick is a trace of its own (the scheduler caused it, not a message), linked to the message's trace
        JsonObject tickSpan = latestRootSpan("coherence");
        String tickTrace = tickSpan.string("traceId");
        assertThat(tickTrace).isNotEqualTo(messageTrace);
        assertThat(tickSpan.objects("links"))
                .extracting(l -> l.string("traceId"))
                .contains(messageTrace);
        JsonObject fieldUpdated = null;
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"field updated\"") && line.contains(tickTrace)) {
                fieldUpdated = JsonReader.parseObject(line);
            }
        }
        assertThat(fieldUpdated)
                .as("coherence's field-updated line in the tick's trace")
                .isNotNull();
        assertThat(fieldUpdated.string("logging.googleapis.com/spanId")).isEqualTo(tickSpan.string("spanId"));
        assertThat(fieldUpdated.string("linkedTraces").split(" ")).contains(messageTrace);

        // and its field-updated event carries the tick's trace on to memory and wisdom
        FunctionStack.await("the consumers' pushes of the field-updated event", Duration.ofSeconds(30), () -> {
            try {
                return !spans("memory", tickTrace).isEmpty()
                        && !spans("wisdom", tickTrace).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        childOf("memory", tickTrace, tickSpan.string("spanId"));
        childOf("wisdom", tickTrace, tickSpan.string("spanId"));
    }

    @Test
    void deadLetteredAndRedrivenEventsAreCountedPerFunction() throws Exception {
        Scrape memory0 = scrape("memory");
        assertThat(Push.deliver(stack.http, stack.memoryPort, "poison-" + UUID.randomUUID(), "not an event"))
                .isEqualTo(200);
        String beat = EventCodec.toCloudEventJson(
                new PresenceBeat(
                        "beat-" + UUID.randomUUID(), System.currentTimeMillis(), "redriven-agent", "test-home"),
                "//sacred-council/test");
        assertThat(pushWithAttribute(stack.memoryPort, beat, "sacred-redriven", "true"))
                .isEqualTo(200);
        Scrape memory1 = scrape("memory");
        assertThat(delta(memory0, memory1, "sacred_events_dead_lettered_total", "function", "memory"))
                .isEqualTo(1);
        assertThat(delta(memory0, memory1, "sacred_events_redriven_total", "function", "memory"))
                .isEqualTo(1);
        assertThat(delta(memory0, memory1, "sacred_events_recorded_total", "function", "memory"))
                .isEqualTo(1);
        // and the endpoint is a Prometheus text endpoint: HELP and TYPE lines per family
        assertThat(memory1.text).contains("# TYPE sacred_events_recorded_total counter");
        assertThat(memory1.text).contains("# TYPE sacred_service_latency histogram");
    }

    private static int pushWithAttribute(int port, String data, String name, String value) throws Exception {
        String id = "push-" + UUID.randomUUID();
        String body = new JsonWriter()
                .beginObject()
                .name("message")
                .beginObject()
                .name("data")
                .value(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)))
                .name("attributes")
                .beginObject()
                .name(name)
                .value(value)
                .endObject()
                .name("messageId")
                .value(id)
                .endObject()
                .name("subscription")
                .value("projects/sacred-council-local/subscriptions/test")
                .endObject()
                .toString();
        return stack.http
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                .header("Content-Type", "application/json")
                                .header("ce-id", id)
                                .header("ce-source", "//pubsub.googleapis.com/projects/p/topics/sacred-events")
                                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                                .header("ce-specversion", "1.0")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static JsonObject latestRootSpan(String function) throws Exception {
        List<JsonObject> all = spans(function, "");
        JsonObject latest = null;
        for (JsonObject s : all) {
            if (s.optString("parentSpanId", null) == null
                    && (latest == null || s.number("startEpochMs") > latest.number("startEpochMs"))) {
                latest = s;
            }
        }
        assertThat(latest).as(function + " has a root span").isNotNull();
        return latest;
    }

    /** The one span of {@code function} in the trace whose parent is {@code parent}; its id. */
    private static String childOf(String function, String traceId, String parent) throws Exception {
        List<JsonObject> spans = spans(function, traceId);
        assertThat(spans).as(function + "'s spans in " + traceId).hasSize(1);
        JsonObject span = spans.get(0);
        assertThat(span.string("name")).isEqualTo(function + " push");
        assertThat(span.string("kind")).isEqualTo("CONSUMER");
        assertThat(span.string("parentSpanId")).isEqualTo(parent);
        return span.string("spanId");
    }

    private static String spanIdOfLine(List<JsonObject> lines, String component, String message) {
        return lines.stream()
                .filter(l -> component.equals(l.optString("component", null))
                        && l.string("message").startsWith(message))
                .map(l -> l.string("logging.googleapis.com/spanId"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + component + " line '" + message + "' in the trace"));
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid W3C id)
        return b;
    }

    /** Writes to both streams: the test's lines still reach surefire's output. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}

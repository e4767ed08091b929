package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldAccumulator;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * memory, wisdom and coherence with HUB_FEED_URL, each in its own invoker, against a local HTTP server that
 * stands in for the edge's hub: it checks the feed's HMAC and clock window as the Worker does
 * (docs/live-field.md#feed), records the items and answers a version of its own. The real hub is tested in
 * workerd (edge-worker/test) and through the whole stack (e2e).
 */
@ExtendWith(LocalCloudExtension.class)
class HubFeedTest {

    static final String SECRET = "hub-test-secret";
    static LocalCloud cloud;
    static FunctionStack stack;
    static HttpServer hub;
    static final List<JsonObject> items = new CopyOnWriteArrayList<>();
    static final List<String> kvPuts = new CopyOnWriteArrayList<>();
    static final AtomicInteger refusedSignatures = new AtomicInteger();
    static final AtomicLong hubVersion = new AtomicLong(1_000_000);
    /** 200: a hub; 503: a hub failing; 0: a hub that never answers (the feed's timeout). */
    static volatile int mode = 200;

    static int memoryPort;
    static int wisdomPort;
    static int coherencePort;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hub.createContext("/internal/hub/feed", HubFeedTest::feed);
        hub.createContext("/client/v4/accounts/acc/storage/kv/namespaces/ns/values/field-state", exchange -> {
            kvPuts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            JsonAnswer.send(exchange, 200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":null}");
        });
        hub.start();
        String base = "http://127.0.0.1:" + hub.getAddress().getPort();
        Map<String, String> extra = new HashMap<>();
        extra.put("HUB_FEED_URL", base + "/internal/hub/feed");
        extra.put("HUB_FEED_SECRET", SECRET);
        extra.put("HUB_FEED_TIMEOUT_MS", "500");
        extra.put("CF_ACCOUNT_ID", "acc");
        extra.put("CF_KV_NAMESPACE_ID", "ns");
        extra.put("CF_API_TOKEN", "tok");
        extra.put("CF_API_BASE_URL", base + "/client/v4");
        int[] ports =
                FunctionStack.startWith(extra, FunctionStack.MEMORY, FunctionStack.WISDOM, FunctionStack.COHERENCE);
        memoryPort = ports[0];
        wisdomPort = ports[1];
        coherencePort = ports[2];
    }

    /** The Worker's checks (docs/live-field.md#feed), written here independently of the functions' signer. */
    static void feed(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Hub-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature");
        if (timestamp == null
                || signature == null
                || Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > 300_000
                || !signature.equals("v1=" + hmac(SECRET, "hub-feed-v1\n" + timestamp + "\n" + body))) {
            refusedSignatures.incrementAndGet();
            JsonAnswer.send(exchange, 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad signature\"}}");
            return;
        }
        if (mode == 0) {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (mode != 200) {
            JsonAnswer.send(exchange, mode, "{\"error\":{\"code\":\"unavailable\",\"message\":\"hub down\"}}");
            return;
        }
        List<JsonObject> received = JsonReader.parseObject(body).objects("items");
        items.addAll(received);
        JsonAnswer.send(
                exchange,
                200,
                "{\"version\":" + hubVersion.incrementAndGet() + ",\"applied\":" + received.size() + "}");
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        hub.stop(0);
    }

    @BeforeEach
    void hubUp() {
        mode = 200;
    }

    static List<JsonObject> itemsOf(String kind) {
        return items.stream().filter(i -> i.string("kind").equals(kind)).toList();
    }

    static long recordedAt(String eventId) throws Exception {
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT recorded_at FROM events WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getTimestamp(1).getTime();
            }
        }
    }

    @Test
    void memoryFeedsEachRecordedEventWithItsRecordedAtAndAgainOnARedelivery() throws Exception {
        MessageSent event = PipelineTest.messageEvent("hub-region", 1, System.currentTimeMillis());
        String json = EventCodec.toCloudEventJson(event, "//test");
        assertThat(Push.deliver(stack.http, memoryPort, "m-" + UUID.randomUUID(), json))
                .isEqualTo(200);
        assertThat(Push.deliver(stack.http, memoryPort, "m-" + UUID.randomUUID(), json))
                .isEqualTo(200);

        List<JsonObject> mine = itemsOf("event").stream()
                .filter(i -> i.object("event").string("id").equals(event.id()))
                .toList();
        assertThat(mine).as("fed after the commit and again on the redelivery").hasSize(2);
        for (JsonObject item : mine) {
            assertThat(item.integer("recordedAt")).isEqualTo(recordedAt(event.id()));
            // the hub decodes the item's event with core's codec: it must be the CloudEvent as written
            assertThat(EventCodec.fromCloudEventJson(FeedJson.of(item.object("event"))))
                    .isEqualTo(event);
        }
        assertThat(refusedSignatures.get())
                .as("every post signed as the Worker checks")
                .isZero();
    }

    @Test
    void wisdomFeedsTheStoredGlyphs() throws Exception {
        MessageSent event = PipelineTest.messageEvent("hub-region", 2, System.currentTimeMillis());
        assertThat(Push.deliver(
                        stack.http, wisdomPort, "w-" + UUID.randomUUID(), EventCodec.toCloudEventJson(event, "//test")))
                .isEqualTo(200);
        JsonObject item = itemsOf("glyphs").stream()
                .filter(i -> i.string("messageId").equals(event.message().id()))
                .findFirst()
                .orElseThrow();
        String stored;
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT glyphs FROM message_glyphs WHERE message_id = ?")) {
            s.setString(1, event.message().id());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                stored = r.getString(1);
            }
        }
        List<String> symbols =
                item.objects("glyphs").stream().map(g -> g.string("symbol")).toList();
        assertThat(symbols).isNotEmpty();
        assertThat(String.join(" ", symbols)).isEqualTo(stored);
        assertThat(item.objects("glyphs"))
                .allSatisfy(g -> assertThat(g.string("name")).isNotBlank());
    }

    @Test
    void aTickSendsTheWindowAsCellsAndWritesTheFieldWithTheHubsVersion() throws Exception {
        long now = System.currentTimeMillis();
        List<MessageSent> events = List.of(
                PipelineTest.messageEvent("hub-region", 3, now - 3000),
                PipelineTest.messageEvent("hub-region", 4, now - 2000),
                PipelineTest.messageEvent("hub-region", 5, now - 1000));
        for (MessageSent e : events) {
            assertThat(Push.deliver(
                            stack.http, memoryPort, "m-" + UUID.randomUUID(), EventCodec.toCloudEventJson(e, "//test")))
                    .isEqualTo(200);
        }
        int kvBefore = kvPuts.size();
        int snapshotsBefore = itemsOf("snapshot").size();
        String tickId = "tick-" + UUID.randomUUID();
        assertThat(Push.deliver(stack.http, coherencePort, tickId, "{}")).isEqualTo(200);

        List<JsonObject> snapshots = itemsOf("snapshot");
        assertThat(snapshots).hasSize(snapshotsBefore + 1);
        JsonObject snapshot = snapshots.get(snapshots.size() - 1);
        long readAt = snapshot.integer("readAt");
        FieldState field = FieldStateJson.parse(FeedJson.of(snapshot.object("field")));
        // the cells are the window: folded back, they read the snapshot's own recomputation
        FieldAccumulator folded = new FieldAccumulator(CoherenceModel.DEFAULT);
        int hubRegionCount = 0;
        for (JsonObject c : snapshot.objects("cells")) {
            BucketContribution cell = new BucketContribution(
                    c.string("region"),
                    c.string("agentId"),
                    c.integer("bucket"),
                    c.number("impact"),
                    c.number("loving"),
                    c.number("weight"),
                    (int) c.integer("count"));
            folded.add(cell);
            if (cell.region().equals("hub-region")) {
                hubRegionCount += cell.count();
            }
        }
        assertThat(hubRegionCount).isGreaterThanOrEqualTo(3);
        assertThat(folded.read(readAt).globalCoherence())
                .isCloseTo(field.global().coherence(), within(1e-9));
        assertThat(folded.read(readAt).regionCoherence().get("hub-region"))
                .isCloseTo(field.regions().get("hub-region").coherence(), within(1e-9));
        assertThat(snapshot.strings("recentIds"))
                .as("recorded within the last 10 s of the read")
                .containsAll(events.stream().map(MessageSent::id).toList());

        FieldState stored = PipelineTest.field(cloud.firestore());
        assertThat(stored.version())
                .as("field/global carries the version the hub answered")
                .isEqualTo(hubVersion.get());
        assertThat(kvPuts).as("the hub writes KV itself when it answered").hasSize(kvBefore);
        assertThat(PipelineTest.count(
                        cloud.dataSource(), "SELECT count(*) FROM field_history WHERE tick_id = ?", tickId))
                .isEqualTo(1);
    }

    @Test
    void aHubThatFailsOrHangsFailsNoEventAndCoherenceFallsBackToKv() throws Exception {
        // first an event with the hub up, outside the timing: when this test runs first, memory's first event
        // also migrates the fresh schema and fills its pool (seconds on a loaded machine)
        mode = 200;
        assertThat(Push.deliver(
                        stack.http,
                        memoryPort,
                        "m-" + UUID.randomUUID(),
                        EventCodec.toCloudEventJson(
                                PipelineTest.messageEvent("hub-region", 6, System.currentTimeMillis()), "//test")))
                .isEqualTo(200);
        for (int failing : new int[] {503, 0}) {
            mode = failing;
            MessageSent event = PipelineTest.messageEvent("hub-region", 6, System.currentTimeMillis());
            long start = System.nanoTime();
            assertThat(Push.deliver(
                            stack.http,
                            memoryPort,
                            "m-" + UUID.randomUUID(),
                            EventCodec.toCloudEventJson(event, "//test")))
                    .as("acked: the feed never fails the event")
                    .isEqualTo(200);
            // the hub hangs 5 s; HUB_FEED_TIMEOUT_MS=500 must cut the post short, not the hub
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("bounded by the feed's timeout")
                    .isLessThan(4_000);
            assertThat(PipelineTest.count(
                            cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                    .isEqualTo(1);

            FieldState before = PipelineTest.field(cloud.firestore());
            int kvBefore = kvPuts.size();
            assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                    .isEqualTo(200);
            FieldState after = PipelineTest.field(cloud.firestore());
            // no tick yet when this test runs first: the field starts at version 0
            assertThat(after.version()).isEqualTo((before == null ? 0 : before.version()) + 1);
            assertThat(kvPuts).as("without the hub coherence writes KV").hasSize(kvBefore + 1);
            assertThat(FieldStateJson.parse(kvPuts.get(kvPuts.size() - 1)).version())
                    .isEqualTo(after.version());
        }
    }
}

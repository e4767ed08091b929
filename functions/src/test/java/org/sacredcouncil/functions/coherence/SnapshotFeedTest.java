package org.sacredcouncil.functions.coherence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.hub.HubFeed;
import org.sacredcouncil.functions.it.FunctionStack;
import org.sacredcouncil.functions.it.Push;
import org.sacredcouncil.functions.store.EventLog;
import org.sacredcouncil.functions.store.RecordedTimes;

/**
 * The snapshot's seam (docs/live-field.md, failure cases): a message recorded after the window was read is
 * in neither the cells nor {@code recentIds}, so the hub keeps its own fold of it.
 */
@ExtendWith(LocalCloudExtension.class)
class SnapshotFeedTest {

    static LocalCloud cloud;
    static HttpServer hub;
    static final List<JsonObject> items = new CopyOnWriteArrayList<>();
    static final List<Integer> bodyBytes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        FunctionStack stack = FunctionStack.on(localCloud);
        // memory migrates the database on its first event
        assertThat(Push.deliver(
                        stack.http,
                        stack.memoryPort,
                        "m-seam-warmup",
                        EventCodec.toCloudEventJson(message("seam-warmup", System.currentTimeMillis()), "//test")))
                .isEqualTo(200);
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/feed", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            bodyBytes.add(raw.length);
            String body = new String(raw, StandardCharsets.UTF_8);
            items.addAll(JsonReader.parseObject(body).objects("items"));
            byte[] answer = "{\"version\":7,\"applied\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        hub.start();
    }

    @AfterAll
    static void stop() {
        hub.stop(0);
    }

    static MessageSent message(String tag, long at) {
        return message(tag, at, "seam-agent");
    }

    static MessageSent message(String tag, long at, String agentId) {
        String text = "a blessing at the seam, " + tag;
        return new MessageSent(
                UUID.randomUUID().toString(),
                at,
                new SacredMessage("msg-" + UUID.randomUUID(), agentId, MessageType.BLESSING, text, "hub-region", at),
                ImpactModel.impactOf(MessageType.BLESSING, text, 1.0),
                Double.NaN,
                Double.NaN,
                1.0);
    }

    @Test
    void aMessageRecordedAfterTheWindowReadIsNotListedAsCovered() throws Exception {
        EventLog log = new EventLog(cloud.dataSource());
        long now = System.currentTimeMillis();
        MessageSent read = message("read", now - 2000);
        MessageSent late = message("late", now - 1000);
        log.record(read, EventCodec.toCloudEventJson(read, "//test"));
        log.record(late, EventCodec.toCloudEventJson(late, "//test"));
        SnapshotFeed feed = new SnapshotFeed(
                new HubFeed("coherence", "http://127.0.0.1:" + hub.getAddress().getPort() + "/feed", "s", 2000),
                new RecordedTimes(cloud.dataSource()),
                CoherenceModel.DEFAULT);

        // the window as read before "late" committed: only "read"
        Long version = feed.send(FieldState.initial(), List.of(read), now);

        assertThat(version).isEqualTo(7L);
        JsonObject snapshot = items.get(items.size() - 1);
        assertThat(snapshot.strings("recentIds")).contains(read.id()).doesNotContain(late.id());
        assertThat(snapshot.objects("cells")).hasSize(1);
        assertThat(snapshot.integer("readAt")).isEqualTo(now);
    }

    /**
     * A window of 3,000 agents makes a snapshot of about 450 KB, over the Worker's 256 KiB: it goes in parts, each
     * post under the limit, which together carry every cell once and the same field and readAt (the hub's side of
     * the reassembly is edge-worker/test/hub-live.test.mjs).
     */
    @Test
    void aSnapshotOverTheBodyLimitGoesInPartsEachUnderIt() {
        long now = System.currentTimeMillis();
        List<MessageSent> window = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            window.add(message("many-" + i, now - 3000, "agent-" + i));
        }
        SnapshotFeed feed = new SnapshotFeed(
                new HubFeed("coherence", "http://127.0.0.1:" + hub.getAddress().getPort() + "/feed", "s", 5000),
                new RecordedTimes(cloud.dataSource()),
                CoherenceModel.DEFAULT);
        String whole = org.sacredcouncil.functions.hub.FeedItems.snapshot(
                FieldState.initial(), feed.cells(window, now), now, List.of());
        assertThat(whole.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(HubFeed.MAX_BODY_BYTES);
        int postsBefore = bodyBytes.size();
        int itemsBefore = items.size();

        Long version = feed.send(FieldState.initial(), window, now);

        assertThat(version).isEqualTo(7L);
        List<Integer> posts = bodyBytes.subList(postsBefore, bodyBytes.size());
        assertThat(posts)
                .hasSizeGreaterThan(1)
                .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(HubFeed.MAX_BODY_BYTES));
        List<JsonObject> parts = items.subList(itemsBefore, items.size());
        assertThat(parts).hasSize(posts.size());
        java.util.Set<String> agents = new java.util.HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            JsonObject part = parts.get(i);
            assertThat(part.string("kind")).isEqualTo("snapshot");
            assertThat(part.integer("part")).isEqualTo(i);
            assertThat(part.integer("parts")).isEqualTo(parts.size());
            assertThat(part.integer("readAt")).isEqualTo(now);
            assertThat(part.object("field").integer("version"))
                    .isEqualTo(FieldState.initial().version());
            for (JsonObject cell : part.objects("cells")) {
                assertThat(agents.add(cell.string("agentId")))
                        .as("each cell once")
                        .isTrue();
            }
        }
        assertThat(agents).hasSize(3000);
    }

    @Test
    void aSnapshotUnderTheLimitIsOneItemWithoutPartFields() {
        long now = System.currentTimeMillis();
        List<String> items = SnapshotFeed.parts(
                FieldState.initial(), List.of(), now, List.of("a", "b"), SnapshotFeed.PART_BUDGET_BYTES);
        assertThat(items).hasSize(1);
        JsonObject item = JsonReader.parseObject(items.get(0));
        assertThat(item.has("part")).isFalse();
        assertThat(item.strings("recentIds")).containsExactly("a", "b");
    }
}

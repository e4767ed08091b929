package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.pubsub.v1.PubsubMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.store.GlyphStore;

/**
 * Firestore stopped for real (our emulator server closed in-process, then started again on the same port)
 * while memory and wisdom have already committed to PostgreSQL: the delivery fails as transient (500, not
 * acked, nothing parked), and the redelivery completes the Firestore half without doubling anything — the
 * same path a crash between the PostgreSQL commit and the Firestore write takes.
 */
@ExtendWith(LocalCloudExtension.class)
class FirestoreOutageTest {

    static LocalCloud cloud;
    static FunctionStack stack;
    static int firestorePort;
    static FirestoreEmulator firestore;
    static Firestore client;
    static int memoryPort;
    static int wisdomPort;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        firestorePort = FunctionStack.freePort();
        firestore = FirestoreEmulator.start("127.0.0.1", firestorePort, null);
        Map<String, String> own = new HashMap<>();
        own.put("FIRESTORE_EMULATOR_HOST", firestore.hostAndPort());
        FunctionConfig.override(own);
        try {
            memoryPort = FunctionStack.start(FunctionStack.MEMORY);
            wisdomPort = FunctionStack.start(FunctionStack.WISDOM);
        } finally {
            FunctionConfig.override(FunctionStack.environmentOf(cloud));
        }
        client = FirestoreOptions.newBuilder()
                .setProjectId(cloud.projectId())
                .setEmulatorHost(firestore.hostAndPort())
                .build()
                .getService();
    }

    @AfterAll
    static void stop() {
        client.shutdownNow();
        firestore.close();
    }

    /** As Pub/Sub does: redeliver with a pause until acked (the client's channel reconnects with backoff). */
    static void redeliverUntilAcked(int port, String json) throws Exception {
        FunctionStack.await("the redelivery to be acked", Duration.ofSeconds(60), () -> {
            try {
                return Push.deliver(stack.http, port, "r-" + UUID.randomUUID(), json) == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static boolean parked(String marker) {
        List<PubsubMessage> parked = cloud.drainDeadLetters(0, Duration.ofMillis(300));
        return parked.stream().anyMatch(m -> m.getData().toStringUtf8().contains(marker));
    }

    @Test
    void memoryCompletesTheLiveViewOnRedeliveryAfterAFirestoreOutage() throws Exception {
        String region = "fs-outage-" + UUID.randomUUID().toString().substring(0, 8);
        MessageSent event = PipelineTest.messageEvent(region, 1, System.currentTimeMillis());
        String json = EventCodec.toCloudEventJson(event, "//test");

        firestore.close();
        HttpResponse<String> down = Push.send(stack.http, memoryPort, "m-" + UUID.randomUUID(), json);
        assertThat(down.statusCode())
                .as("Firestore down is transient: not acked")
                .isEqualTo(500);
        assertThat(PipelineTest.count(cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                .as("PostgreSQL committed before Firestore failed")
                .isEqualTo(1);
        assertThat(parked(region)).as("nothing parked that a retry can save").isFalse();

        firestore = FirestoreEmulator.start("127.0.0.1", firestorePort, null);
        redeliverUntilAcked(memoryPort, json);
        DocumentSnapshot doc = client.collection("messages")
                .document(event.message().id())
                .get()
                .get();
        assertThat(doc.getString("text")).isEqualTo(event.message().text());

        assertThat(Push.deliver(stack.http, memoryPort, "m-" + UUID.randomUUID(), json))
                .as("a further redelivery")
                .isEqualTo(200);
        assertThat(PipelineTest.count(cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                .isEqualTo(1);
        assertThat(PipelineTest.count(
                        cloud.dataSource(),
                        "SELECT count(*) FROM messages WHERE id = ?",
                        event.message().id()))
                .isEqualTo(1);
    }

    @Test
    void wisdomWritesTheStoredGlyphsOnRedeliveryAfterAFirestoreOutage() throws Exception {
        String region = "fs-outage-" + UUID.randomUUID().toString().substring(0, 8);
        MessageSent event = PipelineTest.messageEvent(region, 2, System.currentTimeMillis());
        String json = EventCodec.toCloudEventJson(event, "//test");

        firestore.close();
        assertThat(Push.deliver(stack.http, wisdomPort, "w-" + UUID.randomUUID(), json))
                .isEqualTo(500);
        GlyphStore glyphs = new GlyphStore(cloud.dataSource());
        GlyphStore.StoredGlyphs stored = glyphs.find(event.message().id()).orElseThrow();
        assertThat(parked(region)).isFalse();

        firestore = FirestoreEmulator.start("127.0.0.1", firestorePort, null);
        redeliverUntilAcked(wisdomPort, json);
        DocumentSnapshot doc = client.collection("messages")
                .document(event.message().id())
                .get()
                .get();
        assertThat(doc.get("glyphs")).isEqualTo(stored.glyphs());
        assertThat(PipelineTest.count(
                        cloud.dataSource(),
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ?",
                        event.message().id()))
                .isEqualTo(1);
    }
}

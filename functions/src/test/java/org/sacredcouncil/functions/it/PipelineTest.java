package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.pubsub.v1.PubsubMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.Topology;

/** heart → Pub/Sub → memory / wisdom → PostgreSQL + Firestore, and a tick → coherence → field/global. */
class PipelineTest extends OnFunctionStack {

    static int count(DataSource db, String sql, String arg) {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (Exception e) {
            return -1; // table not migrated yet
        }
    }

    static FieldState field(Firestore firestore) throws Exception {
        DocumentSnapshot doc =
                firestore.collection("field").document("global").get().get();
        return doc.exists() ? FieldStateJson.parse(doc.getString("json")) : null;
    }

    static FieldState tickAndAwait(Firestore firestore) throws Exception {
        FieldState before = field(firestore);
        long beforeVersion = before == null ? 0 : before.version();
        cloud.publishTick();
        FunctionStack.await("field/global to move past version " + beforeVersion, Duration.ofSeconds(30), () -> {
            try {
                FieldState now = field(firestore);
                return now != null && now.version() > beforeVersion;
            } catch (Exception e) {
                return false;
            }
        });
        return field(firestore);
    }

    @Test
    void aMessagePostedToHeartIsPersistedGetsGlyphsAndMovesTheField() throws Exception {
        Firestore firestore = cloud.firestore();
        DataSource db = cloud.dataSource();
        String key = stack.registerAgent("pipeline-agent", "pipeline-region");
        FieldState initial = tickAndAwait(firestore);

        HttpResponse<String> sent = stack.heart(
                "POST",
                "/v1/messages",
                "{\"type\":\"gratitude\",\"text\":\"thank you all for the patient listening and the care\"}",
                "Authorization",
                "Bearer " + key);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonObject accepted = JsonReader.parseObject(sent.body());
        String messageId = accepted.string("messageId");
        String eventId = accepted.string("eventId");
        assertThat(accepted.number("impact")).isPositive();

        FunctionStack.await(
                "the message row",
                Duration.ofSeconds(30),
                () -> count(db, "SELECT count(*) FROM messages WHERE id = ?", messageId) == 1);
        assertThat(count(db, "SELECT count(*) FROM events WHERE event_id = ?", eventId))
                .isEqualTo(1);
        FunctionStack.await("glyphs on the Firestore message", Duration.ofSeconds(30), () -> {
            try {
                DocumentSnapshot doc = firestore
                        .collection("messages")
                        .document(messageId)
                        .get()
                        .get();
                return doc.exists()
                        && doc.getString("text") != null
                        && doc.get("glyphs") instanceof List<?> g
                        && !g.isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        DocumentSnapshot doc =
                firestore.collection("messages").document(messageId).get().get();
        assertThat(doc.getString("agentId")).isEqualTo("pipeline-agent");
        assertThat(doc.getString("type")).isEqualTo("gratitude");

        FunctionStack.await("glyphs in the listing", Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<String> list = stack.heart("GET", "/v1/messages?agentId=pipeline-agent", null);
                return list.body().contains(messageId) && !list.body().contains("\"glyphs\":[]");
            } catch (Exception e) {
                return false;
            }
        });

        FieldState after = tickAndAwait(firestore);
        assertThat(after.version()).isGreaterThan(initial.version());
        assertThat(after.regions()).containsKey("pipeline-region");
        assertThat(after.regions().get("pipeline-region").coherence()).isGreaterThan(0.5);
        assertThat(after.regions().get("pipeline-region").agents()).isEqualTo(1);
    }

    static MessageSent messageEvent(String region, int i, long at) {
        String text = "an offering of time number " + i;
        double impact = ImpactModel.impactOf(MessageType.OFFERING, text, 1.0);
        return new MessageSent(
                UUID.randomUUID().toString(),
                at,
                new SacredMessage("msg-" + UUID.randomUUID(), "dup-agent", MessageType.OFFERING, text, region, at),
                impact,
                Double.NaN,
                Double.NaN,
                1.0);
    }

    @Test
    void redeliveredAndReorderedEventsMakeOneRowEachAndTheSameField() throws Exception {
        Firestore firestore = cloud.firestore();
        DataSource db = cloud.dataSource();
        String region = "dup-region";
        long now = System.currentTimeMillis();
        List<MessageSent> events = List.of(
                messageEvent(region, 1, now - 3000),
                messageEvent(region, 2, now - 2000),
                messageEvent(region, 3, now - 1000));
        List<String> json = events.stream()
                .map(e -> EventCodec.toCloudEventJson(e, "//test"))
                .toList();
        int[] order = {2, 0, 1, 1, 2, 0, 0, 2, 1};
        for (int i : order) {
            assertThat(Push.deliver(stack.http, stack.memoryPort, "m-" + UUID.randomUUID(), json.get(i)))
                    .isEqualTo(200);
        }
        for (MessageSent e : events) {
            assertThat(count(db, "SELECT count(*) FROM events WHERE event_id = ?", e.id()))
                    .isEqualTo(1);
            assertThat(count(
                            db,
                            "SELECT count(*) FROM messages WHERE id = ?",
                            e.message().id()))
                    .isEqualTo(1);
        }
        FieldState state = tickAndAwait(firestore);
        double expected = FieldRecompute.read(events, state.updatedAtMillis(), CoherenceModel.DEFAULT)
                .regionCoherence()
                .get(region);
        assertThat(state.regions().get(region).coherence()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void aRedeliveredTickDoesNotPublishASecondField() throws Exception {
        Firestore firestore = cloud.firestore();
        FieldState before = tickAndAwait(firestore);
        String tickId = "tick-" + UUID.randomUUID();
        assertThat(Push.deliver(stack.http, stack.coherencePort, tickId, "{}")).isEqualTo(200);
        FieldState once = field(firestore);
        assertThat(once.version()).isEqualTo(before.version() + 1);
        assertThat(Push.deliver(stack.http, stack.coherencePort, tickId, "{}")).isEqualTo(200);
        assertThat(field(firestore).version()).isEqualTo(once.version());
    }

    @Test
    void poisonEventsGoToTheDeadLetterTopicAndAreAcked() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        String garbage = "{not json " + marker;
        String unknownType = "{\"specversion\":\"1.0\",\"id\":\"" + marker + "\",\"source\":\"//t\","
                + "\"type\":\"council.nonsense\",\"time\":\"2026-11-26T20:00:00Z\",\"data\":{}}";
        assertThat(Push.deliver(stack.http, stack.memoryPort, "p1-" + marker, garbage))
                .isEqualTo(200);
        assertThat(Push.deliver(stack.http, stack.memoryPort, "p2-" + marker, unknownType))
                .isEqualTo(200);
        List<PubsubMessage> parked = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end && parked.size() < 2) {
            for (PubsubMessage m : cloud.drainDeadLetters(1, Duration.ofSeconds(2))) {
                if (m.getData().toString(StandardCharsets.UTF_8).contains(marker)) {
                    parked.add(m);
                }
            }
        }
        assertThat(parked).hasSize(2);
        assertThat(parked).allSatisfy(m -> {
            assertThat(m.getAttributesMap()).containsEntry("sacred-dead-letter-function", "memory");
            assertThat(m.getAttributesMap()).containsKey("sacred-dead-letter-reason");
        });
        assertThat(parked.stream().map(m -> m.getData().toString(StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder(garbage, unknownType);
    }

    @Test
    void aPoisonEventPublishedToTheTopicReachesTheDeadLetterTopic() throws Exception {
        String marker = "published-poison-" + UUID.randomUUID();
        var publisher = cloud.publisher(Topology.SACRED_EVENTS);
        try {
            publisher
                    .publish(PubsubMessage.newBuilder()
                            .setData(com.google.protobuf.ByteString.copyFromUtf8("garbage " + marker))
                            .build())
                    .get();
        } finally {
            publisher.shutdown();
        }
        List<String> functions = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end && functions.size() < 2) {
            for (PubsubMessage m : cloud.drainDeadLetters(1, Duration.ofSeconds(2))) {
                if (m.getData().toString(StandardCharsets.UTF_8).contains(marker)) {
                    functions.add(m.getAttributesMap().get("sacred-dead-letter-function"));
                }
            }
        }
        assertThat(functions).containsExactlyInAnyOrder("memory", "wisdom");
    }
}

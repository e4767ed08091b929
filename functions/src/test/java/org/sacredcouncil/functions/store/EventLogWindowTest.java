package org.sacredcouncil.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.config.FunctionConfig;

/** coherence's window read (EventLog.messagesInWindow) on real PostgreSQL: by column, the JSON only as a fallback. */
@ExtendWith(LocalCloudExtension.class)
class EventLogWindowTest {

    static DataSource db;
    static EventLog log;

    @BeforeAll
    static void start(LocalCloud cloud) throws Exception {
        FunctionConfig.override(cloud.environment());
        db = Database.fromConfig().migrated();
        log = new EventLog(db);
    }

    static MessageSent event(String region, MessageType type, long at) {
        String id = UUID.randomUUID().toString();
        return new MessageSent(
                "evt-" + id,
                at,
                new SacredMessage(
                        "msg-" + id,
                        "agent-" + id.substring(0, 6),
                        type,
                        "words of the " + type.wire(),
                        region,
                        at - 3),
                0.125,
                0.5,
                0.625,
                1.25);
    }

    static List<MessageSent> window(String region, long now) throws Exception {
        return log.messagesInWindow(now, CoherenceModel.DEFAULT).stream()
                .filter(m -> m.region().equals(region))
                .toList();
    }

    @Test
    void theWindowIsReadByColumnWithWhatTheFoldUses() throws Exception {
        String region = "window-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        MessageSent older = event(region, MessageType.BLESSING, now - 2_000);
        MessageSent newer = event(region, MessageType.CONCERN, now - 1_000);
        assertThat(log.record(newer, EventCodec.toCloudEventJson(newer, "//test")))
                .isTrue();
        assertThat(log.record(older, EventCodec.toCloudEventJson(older, "//test")))
                .isTrue();
        // a JSON no reader could parse: the window must not need it when the columns are there
        exec("UPDATE events SET cloud_event = '{}' WHERE event_id IN (?, ?)", older.id(), newer.id());

        List<MessageSent> window = window(region, now);

        assertThat(window).extracting(MessageSent::id).containsExactly(older.id(), newer.id());
        for (int i = 0; i < 2; i++) {
            MessageSent expected = i == 0 ? older : newer;
            MessageSent read = window.get(i);
            assertThat(read.timeMillis()).isEqualTo(expected.timeMillis());
            assertThat(read.message()).isEqualTo(expected.message());
            assertThat(read.impact()).isEqualTo(expected.impact());
        }
    }

    @Test
    void anEventWithoutItsMessagesRowIsReadFromItsJson() throws Exception {
        String region = "window-json-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        MessageSent first = event(region, MessageType.OFFERING, now - 3_000);
        assertThat(log.record(first, EventCodec.toCloudEventJson(first, "//test")))
                .isTrue();
        // another event with the same message id: its messages row is left out (ON CONFLICT (id) DO NOTHING)
        MessageSent sameMessage = new MessageSent(
                "evt-" + UUID.randomUUID(),
                now - 1_000,
                new SacredMessage(
                        first.message().id(), "agent-other", MessageType.GRATITUDE, "thanks", region, now - 1_000),
                0.25,
                Double.NaN,
                Double.NaN,
                1.0);
        assertThat(log.record(sameMessage, EventCodec.toCloudEventJson(sameMessage, "//test")))
                .isTrue();

        List<MessageSent> window = window(region, now);

        assertThat(window).extracting(MessageSent::id).containsExactly(first.id(), sameMessage.id());
        assertThat(window.get(1).message()).isEqualTo(sameMessage.message());
        assertThat(window.get(1).impact()).isEqualTo(0.25);
    }

    private static void exec(String sql, String... args) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}

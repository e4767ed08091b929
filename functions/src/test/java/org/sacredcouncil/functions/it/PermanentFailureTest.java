package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.pubsub.v1.PubsubMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * An event whose data PostgreSQL itself refuses (here a NUL character in an id: SQLState 22021) is refused
 * on every retry, so memory and wisdom park it with the database's reason and ack it, instead of burning
 * the whole retry window on it (event/DataRejection.java).
 */
@ExtendWith(LocalCloudExtension.class)
class PermanentFailureTest {

    static LocalCloud cloud;
    static FunctionStack stack;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
    }

    static List<PubsubMessage> parkedWith(String marker, int expected) {
        List<PubsubMessage> found = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end && found.size() < expected) {
            for (PubsubMessage m : cloud.drainDeadLetters(1, Duration.ofSeconds(1))) {
                if (m.getData().toStringUtf8().contains(marker)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    @Test
    void dataPostgresRefusesIsParkedWithTheDatabasesReason() throws Exception {
        String marker = "nul-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        String text = "a blessing carried by a broken id";
        MessageSent event = new MessageSent(
                marker,
                now,
                new SacredMessage(
                        "msg-\u0000-" + marker,
                        "agent-\u0000-" + marker,
                        MessageType.BLESSING,
                        text,
                        "nul-region",
                        now),
                ImpactModel.impactOf(MessageType.BLESSING, text, 1.0),
                Double.NaN,
                Double.NaN,
                1.0);
        String json = EventCodec.toCloudEventJson(event, "//test");
        assertThat(Push.deliver(stack.http, stack.memoryPort, "m-" + marker, json))
                .as("acked")
                .isEqualTo(200);
        assertThat(Push.deliver(stack.http, stack.wisdomPort, "w-" + marker, json))
                .as("acked")
                .isEqualTo(200);
        List<PubsubMessage> parked = parkedWith(marker, 2);
        assertThat(parked)
                .extracting(m -> m.getAttributesMap().get("sacred-dead-letter-function"))
                .containsExactlyInAnyOrder("memory", "wisdom");
        assertThat(parked)
                .allSatisfy(m -> assertThat(m.getAttributesMap().get("sacred-dead-letter-reason"))
                        .contains("SQLState 22021"));
        assertThat(PipelineTest.count(cloud.dataSource(), "SELECT count(*) FROM events WHERE event_id = ?", marker))
                .isZero();
    }
}

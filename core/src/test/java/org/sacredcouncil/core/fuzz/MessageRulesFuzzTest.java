package org.sacredcouncil.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.message.Violation;

/**
 * Coverage-guided fuzzing of the message rules through their public API only (their exact contents belong
 * to the text-hygiene work and may change): {@code validate} never throws and names only the draft's
 * fields; a draft it accepts has a finite impact within bounds and becomes an event that encodes and
 * decodes back equal (so an accepted message can always be published).
 */
class MessageRulesFuzzTest {

    private static final Set<String> FIELDS = Set.of("type", "text", "region");

    @FuzzTest(maxDuration = "10s")
    void validatesWithoutThrowingAndAcceptedMessagesEncode(FuzzedDataProvider data) {
        String type =
                data.consumeBoolean() ? data.pickValue(MessageType.values()).wire() : data.consumeString(20);
        String region = data.consumeInt(0, 7) == 0 ? null : data.consumeString(40);
        double love = 1.0 + data.consumeProbabilityDouble() * 0.5;
        String text = data.consumeBoolean() ? null : data.consumeRemainingAsString();

        List<Violation> violations = MessageRules.validate(type, text, region);
        for (Violation v : violations) {
            assertThat(FIELDS).contains(v.field());
            assertThat(v.reason()).isNotBlank();
        }
        if (!violations.isEmpty()) {
            return;
        }
        MessageType messageType = MessageType.fromWire(type);
        assertThat(messageType).as("accepted type %s", type).isNotNull();
        assertThat(text).isNotNull();
        double impact = ImpactModel.impactOf(messageType, text, love);
        assertThat(impact).isBetween(-ImpactModel.MAX_IMPACT, ImpactModel.MAX_IMPACT);
        long now = 1_795_000_000_123L;
        SacredMessage message =
                new SacredMessage("msg-1", "agent-1", messageType, text, region == null ? "europe-west1" : region, now);
        MessageSent event = new MessageSent("evt-1", now, message, impact, 0.5, 0.5, love);
        assertThat(EventCodec.fromCloudEventJson(EventCodec.toCloudEventJson(event, "//fuzz")))
                .isEqualTo(event);
    }
}

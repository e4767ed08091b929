package org.sacredcouncil.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.message.Violation;

/**
 * Coverage-guided fuzzing of the agent rules through their public API only (their exact contents belong
 * to the text-hygiene work and may change): {@code validate} never throws and names only the draft's
 * fields; an id it accepts passes {@code isValidId}; an accepted registration becomes an event that encodes
 * and decodes back equal; an accepted id and region are safe in a Firestore document id (the field shards
 * put both in one, see {@code LiveView}).
 */
class AgentRulesFuzzTest {

    private static final Set<String> FIELDS = Set.of("id", "name", "region");

    @FuzzTest(maxDuration = "10s")
    void validatesWithoutThrowingAndAcceptedAgentsEncode(FuzzedDataProvider data) {
        String id = data.consumeInt(0, 3) == 0 ? null : data.consumeString(80);
        String region = data.consumeInt(0, 15) == 0 ? null : data.consumeString(40);
        String name = data.consumeInt(0, 15) == 0 ? null : data.consumeRemainingAsString();

        List<Violation> violations = AgentRules.validate(id, name, region);
        for (Violation v : violations) {
            assertThat(FIELDS).contains(v.field());
            assertThat(v.reason()).isNotBlank();
        }
        if (id != null && violations.stream().noneMatch(v -> v.field().equals("id"))) {
            // heart and the field shards (LiveView.shardId) rely on isValidId for what validate accepted
            assertThat(AgentRules.isValidId(id)).as("accepted id %s", id).isTrue();
        }
        if (!violations.isEmpty()) {
            return;
        }
        if (id != null) {
            assertSafeInADocumentId(id);
        }
        assertSafeInADocumentId(region);
        AgentJoined joined =
                new AgentJoined("evt-1", 1_795_000_000_000L, id == null ? "assigned-id" : id, region, name);
        assertThat(EventCodec.fromCloudEventJson(EventCodec.toCloudEventJson(joined, "//fuzz")))
                .isEqualTo(joined);
    }

    private static void assertSafeInADocumentId(String part) {
        assertThat(part).isNotEmpty().doesNotContain("/").isNotIn(".", "..");
        assertThat(part.startsWith("__") && part.endsWith("__")).as(part).isFalse();
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            assertThat(c < 0x20 || c == 0x7f || Character.isSurrogate(c))
                    .as("character %d of %s", i, part)
                    .isFalse();
        }
    }
}

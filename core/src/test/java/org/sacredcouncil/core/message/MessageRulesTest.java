package org.sacredcouncil.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.agent.AgentRules;

class MessageRulesTest {

    @Test
    void acceptsAGoodMessage() {
        assertThat(MessageRules.validate("blessing", "May the council be well.\nAll of it.", "europe-west1"))
                .isEmpty();
    }

    @Test
    void namesEachBadFieldAndWhy() {
        assertThat(MessageRules.validate("shout", "  ", "EU West"))
                .extracting(Violation::field)
                .containsExactly("type", "text", "region");
        assertThat(MessageRules.validate(null, null, null))
                .extracting(Violation::field)
                .containsExactly("type", "text");
        assertThat(MessageRules.validate("shout", "x", null).get(0).reason()).contains("blessing", "concern");
    }

    @Test
    void countsLengthInCodePoints() {
        String emoji = "\uD83D\uDE4F"; // one code point, two chars
        assertThat(MessageRules.validate("gratitude", emoji.repeat(MessageRules.MAX_TEXT_LENGTH), null))
                .isEmpty();
        assertThat(MessageRules.validate("gratitude", emoji.repeat(MessageRules.MAX_TEXT_LENGTH + 1), null))
                .singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("2001"));
        assertThat(MessageRules.validate("gratitude", "bell\u0007", null))
                .extracting(Violation::field)
                .containsExactly("text");
    }

    @Test
    void typesRoundTripByWireName() {
        for (MessageType type : MessageType.values()) {
            assertThat(MessageType.fromWire(type.wire())).isSameAs(type);
        }
        assertThat(MessageType.fromWire("BLESSING")).isNull();
    }

    @Test
    void agentIdsNamesAndRegions() {
        assertThat(AgentRules.isValidId("ada-lovelace_1")).isTrue();
        assertThat(AgentRules.isValidId("-ada")).isFalse();
        assertThat(AgentRules.isValidId("ab")).isFalse();
        assertThat(AgentRules.isValidId("Ada")).isFalse();
        assertThat(AgentRules.isValidRegion("europe-west1")).isTrue();
        assertThat(AgentRules.isValidRegion("-eu")).isFalse();
        assertThat(AgentRules.validate("ok-id", "", "eu"))
                .extracting(Violation::field)
                .containsExactly("name");
        assertThat(AgentRules.validate(null, "Ada", null))
                .extracting(Violation::field)
                .containsExactly("region");
    }
}

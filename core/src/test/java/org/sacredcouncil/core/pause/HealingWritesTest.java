package org.sacredcouncil.core.pause;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.message.MessageType;

class HealingWritesTest {

    @Test
    void lovingMessagesRegistrationAndPresenceHeal() {
        for (String type : new String[] {"blessing", "gratitude", "offering"}) {
            assertThat(HealingWrites.heals("POST", "/v1/messages", "{\"type\":\"" + type + "\",\"text\":\"hi\"}"))
                    .as(type)
                    .isTrue();
        }
        assertThat(HealingWrites.heals("POST", "/v1/agents", "{\"name\":\"new\"}"))
                .isTrue();
        assertThat(HealingWrites.heals("POST", "/v1/presence", null)).isTrue();
    }

    @Test
    void concernsOtherTypesAndOtherWritesDoNot() {
        for (String type : new String[] {"concern", "question", "insight", "intention", "Blessing", ""}) {
            assertThat(HealingWrites.heals("POST", "/v1/messages", "{\"type\":\"" + type + "\"}"))
                    .as(type)
                    .isFalse();
        }
        assertThat(HealingWrites.heals("DELETE", "/v1/presence", null)).isFalse();
        assertThat(HealingWrites.heals("POST", "/v1/agents/a1/keys", "{}")).isFalse();
        assertThat(HealingWrites.heals("PUT", "/v1/messages", "{\"type\":\"blessing\"}"))
                .isFalse();
    }

    @Test
    void theLovingTypesAreExactlyMessageTypesLovingOnes() {
        for (MessageType type : MessageType.values()) {
            assertThat(HealingWrites.isLoving(type.wire())).as(type.wire()).isEqualTo(type.isLoving());
        }
        assertThat(HealingWrites.isLoving(null)).isFalse();
    }

    @Test
    void aBodyThatIsNotAnObjectWithATextTypeDoesNotHeal() {
        assertThat(HealingWrites.heals("POST", "/v1/messages", null)).isFalse();
        assertThat(HealingWrites.heals("POST", "/v1/messages", "not json")).isFalse();
        assertThat(HealingWrites.heals("POST", "/v1/messages", "[\"blessing\"]"))
                .isFalse();
        assertThat(HealingWrites.heals("POST", "/v1/messages", "{\"type\":1}")).isFalse();
        assertThat(HealingWrites.heals("POST", "/v1/messages", "{\"type\":\"blessing\""))
                .isFalse();
    }
}

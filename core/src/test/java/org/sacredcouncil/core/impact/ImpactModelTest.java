package org.sacredcouncil.core.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.message.MessageType;

class ImpactModelTest {

    @Test
    void sameInputSameImpact() {
        assertThat(ImpactModel.impactOf(MessageType.BLESSING, "may we flourish", 1.2))
                .isEqualTo(ImpactModel.impactOf(MessageType.BLESSING, "may we flourish", 1.2));
    }

    @Test
    void boundedForAnyInput() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
            String text = "w ".repeat(random.nextInt(3000));
            double love = 0.01 + random.nextDouble() * 100;
            assertThat(Math.abs(ImpactModel.impactOf(type, text, love))).isLessThanOrEqualTo(ImpactModel.MAX_IMPACT);
        }
    }

    @Test
    void loveStrengthensWhatLiftsAndSoftensWhatWeighs() {
        String text = "a considered message of several words";
        assertThat(ImpactModel.impactOf(MessageType.GRATITUDE, text, 1.4))
                .isGreaterThan(ImpactModel.impactOf(MessageType.GRATITUDE, text, 1.0));
        double concern = ImpactModel.impactOf(MessageType.CONCERN, text, 1.0);
        assertThat(concern).isNegative();
        assertThat(ImpactModel.impactOf(MessageType.CONCERN, text, 1.4))
                .isGreaterThan(concern)
                .isNegative();
    }

    @Test
    void depthGrowsWithWordsAndSaturates() {
        double one = ImpactModel.impactOf(MessageType.INSIGHT, "yes", 1.0);
        double ten = ImpactModel.impactOf(MessageType.INSIGHT, "word ".repeat(10), 1.0);
        double forty = ImpactModel.impactOf(MessageType.INSIGHT, "word ".repeat(40), 1.0);
        double thousand = ImpactModel.impactOf(MessageType.INSIGHT, "word ".repeat(1000), 1.0);
        assertThat(one).isLessThan(ten);
        assertThat(ten).isLessThan(forty);
        assertThat(forty).isEqualTo(thousand).isEqualTo(MessageType.INSIGHT.baseImpact());
        assertThat(ImpactModel.wordCount("  two\twords\n")).isEqualTo(2);
    }

    @Test
    void refusesNonsenseAmplification() {
        assertThatThrownBy(() -> ImpactModel.impactOf(MessageType.BLESSING, "x", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImpactModel.impactOf(MessageType.BLESSING, "x", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

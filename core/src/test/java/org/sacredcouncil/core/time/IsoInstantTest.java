package org.sacredcouncil.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

    @Test
    void formatsLikeJavaTimeForRandomInstants() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long millis = (long) (random.nextDouble() * 8_000_000_000_000L) - 1_000_000_000_000L;
            if (random.nextBoolean()) {
                millis -= millis % 1000;
            }
            String expected = Instant.ofEpochMilli(millis).toString();
            assertThat(IsoInstant.format(millis)).isEqualTo(expected);
            assertThat(IsoInstant.parse(expected)).isEqualTo(millis);
        }
    }

    @Test
    void parsesOffsetsAndLongFractions() {
        assertThat(IsoInstant.parse("2026-11-26T21:00:00+01:00")).isEqualTo(IsoInstant.parse("2026-11-26T20:00:00Z"));
        assertThat(IsoInstant.parse("2026-11-26T20:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-26T20:00:00.123Z").toEpochMilli());
        assertThat(IsoInstant.parse("2026-11-26T20:00:00.5Z") % 1000).isEqualTo(500);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26",
                "2026-13-01T00:00:00Z",
                "2026-02-30T00:00:00Z",
                "2026-11-26T20:00:00",
                "2026-11-26 20:00:00Z",
                "yesterday at noon, UTC",
                "2026-11-26T25:00:00Z",
                "2026-11-26T20:00:00.\u0663Z"
            })
    void refusesWhatIsNotAnInstant(String text) {
        assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fractionsTakeAsciiDigitsOnly() {
        // U+0669 is a digit to Character.isDigit; as a fraction it used to add (0x669 - '0') * 100 ms
        assertThatThrownBy(() -> IsoInstant.parse("2026-11-26T20:00:00.\u0669Z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(IsoInstant.parse("2026-11-26T20:00:00.9Z"))
                .isEqualTo(Instant.parse("2026-11-26T20:00:00.900Z").toEpochMilli());
    }
}

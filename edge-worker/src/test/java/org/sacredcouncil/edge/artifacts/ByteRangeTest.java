package org.sacredcouncil.edge.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/artifacts.md#serving: one range served, unsatisfiable refused, everything else the whole. */
class ByteRangeTest {

    @Test
    void oneRangeInEachForm() {
        assertThat(ByteRange.of("bytes=0-3", 100)).containsExactly(0, 3);
        assertThat(ByteRange.of("bytes=10-500", 100)).containsExactly(10, 99);
        assertThat(ByteRange.of("bytes=95-", 100)).containsExactly(95, 99);
        assertThat(ByteRange.of("bytes=-5", 100)).containsExactly(95, 99);
        assertThat(ByteRange.of("bytes=-500", 100)).containsExactly(0, 99);
        assertThat(ByteRange.of("BYTES = 2 - 4", 100)).containsExactly(2, 4);
        assertThat(ByteRange.of("bytes=99-99", 100)).containsExactly(99, 99);
    }

    @Test
    void unsatisfiable() {
        assertThat(ByteRange.of("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=100-200", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=-0", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.of("bytes=12345678901234-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @Test
    void severalOrMalformedMeanTheWhole() {
        for (String header : new String[] {
            null, "bytes=0-1,4-5", "bytes=5-2", "bytes=abc", "items=0-3", "bytes=", "bytes=-", "bytes 0-3", "bytes=1-x"
        }) {
            assertThat(ByteRange.of(header, 100)).as(String.valueOf(header)).isNull();
        }
    }
}

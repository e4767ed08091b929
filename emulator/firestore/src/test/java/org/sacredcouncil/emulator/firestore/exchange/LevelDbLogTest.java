package org.sacredcouncil.emulator.firestore.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LevelDbLogTest {
    private static byte[] write(List<byte[]> records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LevelDbLog.Writer w = new LevelDbLog.Writer(out);
        for (byte[] r : records) {
            w.add(r);
        }
        assertThat(w.written()).isEqualTo(out.size());
        return out.toByteArray();
    }

    @Test
    void recordsAcrossBlocksComeBackWhole() throws Exception {
        Random random = new Random(7);
        List<byte[]> records = new ArrayList<>();
        // a record that leaves fewer than 7 bytes in its block (the tail is zero-filled), an empty one,
        // one spanning three blocks (FIRST, MIDDLE, LAST) and small ones
        for (int size : new int[] {LevelDbLog.BLOCK_SIZE - 7 - 3, 0, 3 * LevelDbLog.BLOCK_SIZE, 1, 500}) {
            byte[] r = new byte[size];
            random.nextBytes(r);
            records.add(r);
        }
        byte[] file = write(records);
        // the padding: the second record starts at the second block
        assertThat(file[LevelDbLog.BLOCK_SIZE - 3]).isZero();
        List<byte[]> back = LevelDbLog.read(file, "test");
        assertThat(back).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            assertThat(back.get(i)).isEqualTo(records.get(i));
        }
        assertThat(file[LevelDbLog.BLOCK_SIZE + 7 + 6]).isEqualTo(LevelDbLog.FIRST);
    }

    @Test
    void aFlippedBitIsRefused() throws Exception {
        byte[] file = write(List.of("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        file[9] ^= 1;
        assertThatThrownBy(() -> LevelDbLog.read(file, "f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad checksum");
    }

    @Test
    void aRecordCutOffIsRefused() throws Exception {
        byte[] file = write(List.of(new byte[LevelDbLog.BLOCK_SIZE]));
        byte[] firstBlock = java.util.Arrays.copyOf(file, LevelDbLog.BLOCK_SIZE);
        assertThatThrownBy(() -> LevelDbLog.read(firstBlock, "f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cut off");
    }
}

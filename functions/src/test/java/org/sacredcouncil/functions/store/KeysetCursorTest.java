package org.sacredcouncil.functions.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void aCursorIsBase64urlOfMillisColonIdSoPagesHandedOutBeforeStillWork() {
        String handedOut = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("1764633600123:msg-7f3a".getBytes(StandardCharsets.UTF_8));

        assertThat(new KeysetCursor(1_764_633_600_123L, "msg-7f3a").encode()).isEqualTo(handedOut);
        assertThat(KeysetCursor.decode(handedOut)).isEqualTo(new KeysetCursor(1_764_633_600_123L, "msg-7f3a"));
    }

    @Test
    void anIdMayHoldColonsAndTheTimeMayBeNegative() {
        KeysetCursor c = new KeysetCursor(-5L, "art:sha256:ab");
        assertThat(KeysetCursor.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void textNotMadeByEncodeIsRefusedWithOneMessage() {
        for (String bad : new String[] {
            "not base64 !",
            b64("no-colon"),
            b64(":msg-1"),
            b64("123:"),
            b64("twelve:msg-1"),
            b64("9999999999999999999:x")
        }) {
            assertThatThrownBy(() -> KeysetCursor.decode(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a cursor from a previous page");
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

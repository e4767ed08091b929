package org.sacredcouncil.edge.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signatures of docs/artifacts.md#types, byte for byte, and what is none of them. */
class ContentSnifferTest {

    private static int[] head(byte[] bytes) {
        int[] head = new int[Math.min(bytes.length, ContentSniffer.HEAD_BYTES)];
        for (int at = 0; at < head.length; at++) {
            head[at] = bytes[at] & 0xFF;
        }
        return head;
    }

    private static int[] head(String latin1) {
        return head(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void eachSignatureOfTheTable() {
        assertThat(ContentSniffer.sniff(head("\u0089PNG\r\n\u001a\n...."))).isEqualTo("image/png");
        assertThat(ContentSniffer.sniff(head("\u00ff\u00d8\u00ff\u00e0"))).isEqualTo("image/jpeg");
        assertThat(ContentSniffer.sniff(head("GIF87a"))).isEqualTo("image/gif");
        assertThat(ContentSniffer.sniff(head("GIF89a..."))).isEqualTo("image/gif");
        assertThat(ContentSniffer.sniff(head("RIFF\u0000\u0001\u0002\u0003WEBPVP8")))
                .isEqualTo("image/webp");
        assertThat(ContentSniffer.sniff(head("RIFF\u0000\u0001\u0002\u0003WAVEfmt")))
                .isEqualTo("audio/wav");
        assertThat(ContentSniffer.sniff(head("%PDF-1.7"))).isEqualTo("application/pdf");
        assertThat(ContentSniffer.sniff(head("ID3\u0004"))).isEqualTo("audio/mpeg");
        assertThat(ContentSniffer.sniff(head("\u00ff\u00fb\u0090"))).isEqualTo("audio/mpeg");
        assertThat(ContentSniffer.sniff(head("\u00ff\u00e0"))).isEqualTo("audio/mpeg");
        assertThat(ContentSniffer.sniff(head("OggS\u0000"))).isEqualTo("audio/ogg");
    }

    @Test
    void nearMissesAndScriptableContentAreNoType() {
        assertThat(ContentSniffer.sniff(head("\u0089PNG\r\n\u001a"))).isNull(); // one byte short
        assertThat(ContentSniffer.sniff(head("GIF88a"))).isNull();
        assertThat(ContentSniffer.sniff(head("GIF89b"))).isNull();
        assertThat(ContentSniffer.sniff(head("RIFF\u0000\u0001\u0002\u0003AVI ")))
                .isNull();
        assertThat(ContentSniffer.sniff(head("RIFF\u0000\u0001WEBP"))).isNull(); // WEBP at the wrong offset
        assertThat(ContentSniffer.sniff(head("%PDF"))).isNull();
        assertThat(ContentSniffer.sniff(head("\u00ff\u00d0"))).isNull(); // FF then not Ex/Fx
        assertThat(ContentSniffer.sniff(head("\u00ff"))).isNull();
        assertThat(ContentSniffer.sniff(head("<svg xmlns='http://www.w3.org/2000/svg'/>")))
                .isNull();
        assertThat(ContentSniffer.sniff(head("<!doctype html>"))).isNull();
        assertThat(ContentSniffer.sniff(head("plain words"))).isNull();
        assertThat(ContentSniffer.sniff(new int[0])).isNull();
    }

    @Test
    void theDeclaredTypeWithoutParameters() {
        assertThat(ContentSniffer.declared("Image/PNG; charset=binary")).isEqualTo("image/png");
        assertThat(ContentSniffer.declared(" text/plain ;charset=utf-8")).isEqualTo("text/plain");
        assertThat(ContentSniffer.declared(null)).isEmpty();
    }
}

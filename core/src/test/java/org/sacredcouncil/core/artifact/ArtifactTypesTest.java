package org.sacredcouncil.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/artifacts.md#types: the signature table, disguised files, and what text/plain may contain. */
class ArtifactTypesTest {

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] withTail(byte[] head) {
        byte[] b = new byte[head.length + 16];
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < b.length; i++) {
            b[i] = (byte) (0x80 + i); // not text: the signature alone must decide
        }
        return b;
    }

    static final byte[] PNG = withTail(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A));
    static final byte[] JPEG = withTail(bytes(0xFF, 0xD8, 0xFF, 0xE0));
    static final byte[] GIF87 = withTail(ascii("GIF87a"));
    static final byte[] GIF89 = withTail(ascii("GIF89a"));
    static final byte[] WEBP = withTail(ascii("RIFF\u0001\u0002\u0003\u0004WEBPVP8 "));
    static final byte[] WAV = withTail(ascii("RIFF\u0001\u0002\u0003\u0004WAVEfmt "));
    static final byte[] PDF = withTail(ascii("%PDF-1.7\n"));
    static final byte[] ID3 = withTail(ascii("ID3\u0004\u0000"));
    static final byte[] MP3_FRAME = withTail(bytes(0xFF, 0xFB, 0x90, 0x64));
    static final byte[] OGG = withTail(ascii("OggS\u0000\u0002"));

    @Test
    void eachSignatureIsItsTypeWhateverFollows() {
        Object[][] table = {
            {PNG, "image/png"},
            {JPEG, "image/jpeg"},
            {GIF87, "image/gif"},
            {GIF89, "image/gif"},
            {WEBP, "image/webp"},
            {WAV, "audio/wav"},
            {PDF, "application/pdf"},
            {ID3, "audio/mpeg"},
            {MP3_FRAME, "audio/mpeg"},
            {OGG, "audio/ogg"},
        };
        for (Object[] row : table) {
            byte[] content = (byte[]) row[0];
            String type = (String) row[1];
            assertThat(ArtifactTypes.sniff(content, type)).as(type).isEqualTo(type);
            assertThat(ArtifactTypes.problem(content, type)).as(type).isNull();
            assertThat(ArtifactTypes.problem(content, type + "; charset=binary"))
                    .as("parameters ignored")
                    .isNull();
            assertThat(ArtifactTypes.problem(content, "IMAGE/png".equals(type) ? type : type.toUpperCase()))
                    .as("case ignored")
                    .isNull();
            assertThat(ArtifactTypes.isAllowed(type)).isTrue();
        }
    }

    @Test
    void aDisguisedFileIsRefusedNamingWhatItIs() {
        // a PNG named .txt and declared text/plain: the bytes decide
        assertThat(ArtifactTypes.sniff(PNG, "text/plain")).isEqualTo("image/png");
        assertThat(ArtifactTypes.problem(PNG, "text/plain")).contains("declared text/plain", "found image/png");
        // an SVG declared image/png: it is text, not a PNG, and never image/svg+xml
        byte[] svg = ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        assertThat(ArtifactTypes.sniff(svg, "image/png")).isNull();
        assertThat(ArtifactTypes.problem(svg, "image/png")).contains("declared image/png", "found text/plain");
        assertThat(ArtifactTypes.problem(svg, "image/svg+xml")).contains("declared image/svg+xml");
        assertThat(ArtifactTypes.isAllowed("image/svg+xml")).isFalse();
        // HTML declared text/html is refused; declared text/plain it is text (served with nosniff and a sandbox CSP)
        byte[] html = ascii("<!doctype html><html><script>alert(1)</script></html>");
        assertThat(ArtifactTypes.problem(html, "text/html")).contains("found text/plain");
        assertThat(ArtifactTypes.isAllowed("text/html")).isFalse();
        assertThat(ArtifactTypes.sniff(html, "text/plain; charset=utf-8")).isEqualTo("text/plain");
        // a JPEG declared image/png, a WAV declared image/webp (same RIFF container)
        assertThat(ArtifactTypes.problem(JPEG, "image/png")).contains("found image/jpeg");
        assertThat(ArtifactTypes.problem(WAV, "image/webp")).contains("found audio/wav");
        // no declared type at all
        assertThat(ArtifactTypes.problem(PNG, null)).contains("declared no type");
    }

    @Test
    void textIsTextOnlyWhenDeclaredSoAndClean() {
        byte[] text = "a blessing\r\n\tin three lines — with ünïcödé and 🕊\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ArtifactTypes.sniff(text, "text/plain")).isEqualTo("text/plain");
        assertThat(ArtifactTypes.sniff(text, "application/octet-stream")).isNull();
        assertThat(ArtifactTypes.sniff(text, null)).isNull();
        String[] refused = {"nul\u0000inside", "bell\u0007", "escape\u001b[31m", "form\ffeed"};
        for (String s : refused) {
            assertThat(ArtifactTypes.sniff(s.getBytes(StandardCharsets.UTF_8), "text/plain"))
                    .as(s)
                    .isNull();
        }
        byte[][] malformed = {
            bytes('a', 0x80), // a lone continuation byte
            bytes('a', 0xC3), // truncated at the end
            bytes(0xC0, 0xAF), // overlong '/'
            bytes(0xE0, 0x80, 0xAF), // overlong, three bytes
            bytes(0xED, 0xA0, 0x80), // a UTF-16 surrogate (U+D800)
            bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80), // five-byte form
            bytes(0xE2, 0x28, 0xA1), // a continuation that is not one
        };
        for (byte[] b : malformed) {
            assertThat(ArtifactTypes.sniff(b, "text/plain")).isNull();
        }
        assertThat(ArtifactTypes.sniff(new byte[0], "text/plain")).isNull();
        assertThat(ArtifactTypes.sniff(null, "text/plain")).isNull();
    }

    @Test
    void shortPrefixesOfSignaturesAreNotTheirType() {
        assertThat(ArtifactTypes.sniff(bytes(0x89, 'P', 'N', 'G'), "image/png")).isNull();
        assertThat(ArtifactTypes.sniff(ascii("RIFF1234WEB"), "image/webp")).isNull();
        assertThat(ArtifactTypes.sniff(ascii("GIF88a"), "image/gif")).isNull();
        assertThat(ArtifactTypes.sniff(bytes(0xFF), "audio/mpeg")).isNull();
        assertThat(ArtifactTypes.sniff(bytes(0xFF, 0xD8), "image/jpeg")).isNull();
    }

    /** Property: the Java decoder is the judge of well-formed UTF-8; the hand-written check agrees on random bytes. */
    @Test
    void theUtf8CheckAgreesWithTheJdkDecoderOnRandomBytes() {
        Random random = new Random(20261202);
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(12)];
            for (int i = 0; i < b.length; i++) {
                // mostly the interesting region: ASCII letters, continuation and lead bytes
                int pick = random.nextInt(4);
                b[i] = (byte) (pick == 0 ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk;
            try {
                decoder.reset().decode(java.nio.ByteBuffer.wrap(b));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertThat(ArtifactTypes.isCleanUtf8Text(b))
                    .as(java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(jdk);
        }
    }

    @Test
    void theAllowlistIsTheContractsTable() {
        for (String type : ArtifactTypes.ALLOWED.split(", ")) {
            assertThat(ArtifactTypes.isAllowed(type)).as(type).isTrue();
        }
        assertThat(ArtifactTypes.ALLOWED.split(", ")).hasSize(9);
        for (String type :
                new String[] {null, "", "image/svg+xml", "text/html", "application/javascript", "image/PNG"}) {
            assertThat(ArtifactTypes.isAllowed(type)).as(type).isFalse();
        }
        assertThat(ArtifactTypes.mediaType(" Text/Plain ; charset=UTF-8")).isEqualTo("text/plain");
    }
}

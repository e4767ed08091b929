package org.sacredcouncil.functions.http;

import com.google.cloud.functions.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/** Reads a JSON request body with a size limit, refusing wrong content types before reading. */
public final class RequestBody {

    /** 2000 code points of text fit easily (at most 8 KB of UTF-8) with room for the other fields. */
    public static final int MAX_BYTES = 16 * 1024;

    private RequestBody() {
    }

    /** The raw body text (for hashing) and the parsed object. */
    public record Parsed(String text, JsonObject json) {
    }

    public static Parsed readJson(HttpRequest request, boolean optional) throws IOException {
        String contentType = request.getContentType().orElse("");
        long declared = request.getContentLength();
        if (declared > MAX_BYTES) {
            throw tooLarge(request.getInputStream());
        }
        byte[] bytes = readLimited(request.getInputStream());
        if (bytes.length == 0 && optional) {
            return new Parsed("", JsonReader.parseObject("{}"));
        }
        String mime = contentType.split(";")[0].trim().toLowerCase();
        if (!mime.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", null,
                    "Content-Type must be application/json, was '" + contentType + "'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "malformed_json", null, "body is not valid UTF-8");
        }
        try {
            return new Parsed(text, JsonReader.parseObject(text));
        } catch (JsonException e) {
            throw new ApiError(400, "malformed_json", e.field(), "body is not a JSON object: " + e.getMessage());
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(in);
        }
        return bytes;
    }

    private static ApiError tooLarge(InputStream in) throws IOException {
        discardRest(in);
        return new ApiError(413, "payload_too_large", null, "body exceeds " + MAX_BYTES + " bytes");
    }

    /**
     * Reads (and drops) up to a megabyte of what is left of a body, so that a client still sending gets
     * the answer instead of a reset connection; anything bigger is cut off by closing.
     */
    public static void discardRest(InputStream in) throws IOException {
        long skipped = 0;
        byte[] sink = new byte[8192];
        int n;
        while (skipped < 1_048_576 && (n = in.read(sink)) > 0) {
            skipped += n;
        }
    }
}

package org.sacredcouncil.functions.http;

import com.google.cloud.functions.HttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * The request body: read once, whole and bounded, before anything else looks at the request (the edge
 * signature covers its SHA-256, docs/contracts.md#edge-signature), then parsed as JSON by the endpoint.
 */
public final class RequestBody {

    /** 2000 code points of text fit easily (at most 8 KB of UTF-8) with room for the other fields. */
    public static final int MAX_BYTES = 16 * 1024;

    private RequestBody() {}

    /** The raw body text (for hashing) and the parsed object. */
    public record Parsed(String text, JsonObject json) {}

    /**
     * The whole body, at most {@link #MAX_BYTES}; larger → 413. A body that cannot be read (the client
     * closed or stalled) is the client's failure: 400, never a 5xx.
     */
    public static byte[] read(HttpRequest request) {
        return read(request, MAX_BYTES);
    }

    /** As {@link #read(HttpRequest)}, with another bound (GraphQL's, docs/graphql.md#http). */
    public static byte[] read(HttpRequest request, int maxBytes) {
        try {
            InputStream in = request.getInputStream();
            if (request.getContentLength() > maxBytes) {
                throw tooLarge(in, maxBytes);
            }
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(in, maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "unreadable_body", null, "the request body could not be read to its end");
        }
    }

    public static Parsed parseJson(String contentType, byte[] bytes, boolean optional) {
        if (bytes.length == 0 && optional) {
            return new Parsed("", JsonReader.parseObject("{}"));
        }
        String declared = contentType == null ? "" : contentType;
        String mime = declared.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new ApiError(
                    415, "unsupported_media_type", "header:Content-Type", "Content-Type must be application/json");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiError(400, "malformed_json", null, "body is not valid UTF-8");
        }
        try {
            return new Parsed(text, JsonReader.parseObject(text));
        } catch (JsonException e) {
            throw new ApiError(400, "malformed_json", e.field(), "body is not a JSON object: " + e.getMessage());
        }
    }

    private static ApiError tooLarge(InputStream in, int maxBytes) throws IOException {
        discardRest(in);
        return new ApiError(413, "payload_too_large", null, "body exceeds " + maxBytes + " bytes");
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

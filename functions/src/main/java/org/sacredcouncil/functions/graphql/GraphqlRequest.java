package org.sacredcouncil.functions.graphql;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;

/**
 * One GraphQL request as the client sent it (docs/graphql.md#http): a POST body
 * {@code {"query", "operationName"?, "variables"?, "extensions"?}} or the same as GET parameters (each JSON
 * value as JSON text). {@code query} is null when only a persisted query's hash was sent.
 */
record GraphqlRequest(
        String query, String operationName, Map<String, Object> variables, Map<String, Object> extensions) {

    static GraphqlRequest read(GraphqlHttpRequest http) {
        if (http.method().equals("GET")) {
            return new GraphqlRequest(
                    http.parameter().apply("query"),
                    http.parameter().apply("operationName"),
                    jsonObject("variables", http.parameter().apply("variables")),
                    jsonObject("extensions", http.parameter().apply("extensions")));
        }
        String mime = http.contentType() == null
                ? ""
                : http.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new GraphqlRefusal(
                    415,
                    "unsupported_media_type",
                    "header:Content-Type",
                    "Content-Type must be application/json",
                    null);
        }
        Object parsed = parse(null, utf8(http.body()));
        if (!(parsed instanceof Map<?, ?> map)) {
            throw GraphqlRefusal.of("malformed_json", null, "the body is not a JSON object");
        }
        return new GraphqlRequest(
                string(map.get("query"), "query"),
                string(map.get("operationName"), "operationName"),
                object(map.get("variables"), "variables"),
                object(map.get("extensions"), "extensions"));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw GraphqlRefusal.of("malformed_json", null, "the body is not valid UTF-8");
        }
    }

    private static Object parse(String field, String text) {
        try {
            return JsonReader.parse(text);
        } catch (JsonException e) {
            throw GraphqlRefusal.of("malformed_json", field, "not JSON: " + e.getMessage());
        }
    }

    private static Map<String, Object> jsonObject(String field, String text) {
        return text == null || text.isEmpty() ? null : object(parse("query:" + field, text), "query:" + field);
    }

    private static String string(Object value, String field) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw GraphqlRefusal.of("invalid_field", field, field + " must be a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String field) {
        if (value == null || value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw GraphqlRefusal.of("invalid_field", field, field + " must be a JSON object");
    }
}

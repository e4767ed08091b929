package org.sacredcouncil.functions.http;

import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * A JSON answer: status and body text (kept whole so that idempotent replays return the same bytes), and for
 * the answers that need them a media type of their own and extra headers (GraphQL's
 * {@code application/graphql-response+json}, {@code Cache-Control}, a pause's {@code Retry-After};
 * docs/graphql.md#http). The REST answers use the two-argument form.
 */
public record JsonResponse(int status, String body, String contentType, Map<String, String> headers) {

    public static final String JSON = "application/json; charset=utf-8";

    public JsonResponse(int status, String body) {
        this(status, body, JSON, Map.of());
    }

    public JsonResponse {
        headers = Map.copyOf(headers);
    }

    public static JsonResponse error(ApiError e) {
        JsonWriter w = new JsonWriter();
        w.beginObject()
                .name("error")
                .beginObject()
                .name("code")
                .value(e.code())
                .name("message")
                .value(e.getMessage());
        if (e.field() != null) {
            w.name("field").value(e.field());
        }
        w.endObject().endObject();
        return new JsonResponse(e.status(), w.toString());
    }

    public void writeTo(HttpResponse response) throws IOException {
        response.setStatusCode(status);
        response.setContentType(contentType);
        headers.forEach(response::appendHeader);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}

package org.sacredcouncil.functions.http;

import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.sacredcouncil.core.json.JsonWriter;

/** A JSON answer: status and body text (kept whole so that idempotent replays return the same bytes). */
public record JsonResponse(int status, String body) {

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
        response.setContentType("application/json; charset=utf-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}

package org.sacredcouncil.functions.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.glyph.Glyph;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.functions.wisdom.GlyphAdvice;
import org.sacredcouncil.functions.wisdom.GlyphAdvisor;

/**
 * Asks an OpenAI-compatible {@code /chat/completions} endpoint for glyphs and a one-line reflection.
 * The model must answer with a JSON object {@code {"glyphs": [...], "reflection": "..."}}; only symbols of
 * the catalog are kept, and an answer without any is a failure (the caller falls back to offline).
 */
public final class ChatCompletionsAdvisor implements GlyphAdvisor {

    private static final int MAX_REFLECTION = 200;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final GlyphCatalog catalog;
    private final HttpClient http;

    public ChatCompletionsAdvisor(String url, String model, String apiKey, Duration timeout, GlyphCatalog catalog) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.endpoint = URI.create(base.endsWith("/chat/completions") ? base : base + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.catalog = catalog;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public GlyphAdvice advise(SacredMessage message) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(message), StandardCharsets.UTF_8));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("model answered " + response.statusCode());
        }
        return parse(response.body());
    }

    String requestBody(SacredMessage message) {
        StringBuilder symbols = new StringBuilder();
        for (Glyph g : catalog.all()) {
            symbols.append(g.symbol())
                    .append(' ')
                    .append(g.name())
                    .append(": ")
                    .append(g.meaning())
                    .append('\n');
        }
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("model").value(model);
        w.name("temperature").value(0.0);
        w.name("response_format")
                .beginObject()
                .name("type")
                .value("json_object")
                .endObject();
        w.name("messages").beginArray();
        w.beginObject()
                .name("role")
                .value("system")
                .name("content")
                .value("You choose up to 3 glyphs from this catalog for a message to a council, and write a one-line "
                        + "reflection. Answer only with JSON {\"glyphs\": [symbols], \"reflection\": \"...\"}.\n"
                        + symbols)
                .endObject();
        w.beginObject()
                .name("role")
                .value("user")
                .name("content")
                .value(message.type().wire() + ": " + message.text())
                .endObject();
        w.endArray();
        w.endObject();
        return w.toString();
    }

    GlyphAdvice parse(String body) throws IOException {
        try {
            JsonObject completion = JsonReader.parseObject(body);
            List<JsonObject> choices = completion.objects("choices");
            if (choices.isEmpty()) {
                throw new IOException("model answered no choices");
            }
            String content = choices.get(0).object("message").string("content").trim();
            // some models wrap JSON in a code fence
            int start = content.indexOf('{');
            int end = content.lastIndexOf('}');
            if (start < 0 || end < start) {
                throw new IOException("model content is not JSON");
            }
            JsonObject answer = JsonReader.parseObject(content.substring(start, end + 1));
            List<String> glyphs = new ArrayList<>();
            for (String symbol : answer.strings("glyphs")) {
                Glyph g = catalog.bySymbol(symbol.trim());
                if (g == null) {
                    g = catalog.byName(symbol.trim());
                }
                if (g != null && !glyphs.contains(g.symbol()) && glyphs.size() < 3) {
                    glyphs.add(g.symbol());
                }
            }
            if (glyphs.isEmpty()) {
                throw new IOException("model named no glyph of the catalog");
            }
            String reflection = answer.optString("reflection", null);
            if (reflection != null) {
                reflection = reflection.replace('\n', ' ').trim();
                if (reflection.length() > MAX_REFLECTION) {
                    reflection = reflection.substring(0, MAX_REFLECTION);
                }
            }
            return new GlyphAdvice(glyphs, reflection, "model:" + model);
        } catch (IllegalArgumentException e) {
            throw new IOException("model answer unreadable: " + e.getMessage(), e);
        }
    }
}

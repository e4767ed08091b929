package org.sacredcouncil.functions.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.sacredcouncil.core.json.JsonWriter;

/** Delivers a Pub/Sub message to a function the way Eventarc does: a binary-mode CloudEvent over HTTP. */
public final class Push {

    private Push() {}

    public static int deliver(HttpClient http, int port, String messageId, String data)
            throws IOException, InterruptedException {
        return send(http, port, messageId, data).statusCode();
    }

    /** The same push with extra headers (name, value, ...), e.g. {@code Authorization}; the whole answer. */
    public static HttpResponse<String> send(HttpClient http, int port, String messageId, String data, String... headers)
            throws IOException, InterruptedException {
        String body = new JsonWriter()
                .beginObject()
                .name("message")
                .beginObject()
                .name("data")
                .value(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)))
                .name("messageId")
                .value(messageId)
                .name("publishTime")
                .value("2026-11-26T20:00:00Z")
                .endObject()
                .name("subscription")
                .value("projects/sacred-council-local/subscriptions/test")
                .endObject()
                .toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("ce-id", messageId)
                .header("ce-source", "//pubsub.googleapis.com/projects/sacred-council-local/topics/sacred-events")
                .header("ce-type", "google.cloud.pubsub.topic.v1.messagePublished")
                .header("ce-specversion", "1.0")
                .header("ce-time", "2026-11-26T20:00:00Z");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpRequest post =
                request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // The client shares its connection pool across the test classes, whose invokers start and stop on
            // free ports: a pooled connection to a port an earlier invoker had (or one its server closed as idle)
            // ends before any byte of an answer. Nothing was delivered then, and a push is idempotent by its id,
            // so it is sent once more on a new connection, as Pub/Sub itself would redeliver.
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                throw e;
            }
            return http.send(post, HttpResponse.BodyHandlers.ofString());
        }
    }
}

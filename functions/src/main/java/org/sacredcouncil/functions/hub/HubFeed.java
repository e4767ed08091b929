package org.sacredcouncil.functions.hub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.logging.StructuredLog;

/**
 * Posts signed items to the edge's field hub (docs/live-field.md#feed). The feed is a courtesy to the live
 * view, never a condition of the event: every failure (unset, network, non-200, timeout, an answer without a
 * version) is logged and reported as {@code null}; the caller goes on, and coherence's next snapshot corrects
 * the hub within a tick.
 */
public final class HubFeed {

    /** The Worker refuses larger bodies with 413. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    public static final int MAX_ITEMS = 500;

    /** What the hub answered: its version after the items and how many changed something. */
    public record Answer(long version, long applied) {}

    private final StructuredLog log;
    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;

    public HubFeed(String component, String url, String secret, int timeoutMillis) {
        this.log = StructuredLog.of(component);
        this.url = url == null ? null : URI.create(url);
        this.secret = secret;
        this.timeout = Duration.ofMillis(Math.max(1, timeoutMillis));
        // no client without a feed: java.net.http's client is a few hundred classes and a selector thread
        this.http = url == null
                ? null
                : HttpClient.newBuilder().connectTimeout(timeout).build();
        if (url != null && secret == null) {
            log.warn("HUB_FEED_URL is set without HUB_FEED_SECRET: the hub will refuse every item");
        }
    }

    public static HubFeed fromConfig(String component) {
        return new HubFeed(
                component,
                FunctionConfig.hubFeedUrl(),
                FunctionConfig.hubFeedSecret(),
                FunctionConfig.hubFeedTimeoutMillis());
    }

    public boolean enabled() {
        return url != null;
    }

    public Answer post(String item) {
        return post(List.of(item));
    }

    /** @return the hub's answer, or null when there is no feed or it failed (logged) */
    public Answer post(List<String> items) {
        if (url == null || items.isEmpty()) {
            return null;
        }
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("at most " + MAX_ITEMS + " items per post");
        }
        String body = "{\"items\":[" + String.join(",", items) + "]}";
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BODY_BYTES) {
            log.warn("hub feed skipped: body over the Worker's limit", "bytes", bytes, "limit", MAX_BODY_BYTES);
            return null;
        }
        long timestamp = System.currentTimeMillis();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(FeedSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(
                        FeedSignature.SIGNATURE_HEADER,
                        FeedSignature.sign(secret == null ? "" : secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn(
                        "hub feed refused",
                        "status",
                        response.statusCode(),
                        "items",
                        items.size(),
                        "body",
                        abbreviate(response.body()));
                return null;
            }
            JsonObject answer = JsonReader.parseObject(response.body());
            return new Answer(answer.integer("version"), answer.optInteger("applied", 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("hub feed interrupted", "items", items.size());
            return null;
        } catch (Exception e) {
            // IOException (network, timeout) or an unreadable answer: the hub is a view, the event goes on
            log.warn("hub feed failed", "items", items.size(), "error", e.toString());
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}

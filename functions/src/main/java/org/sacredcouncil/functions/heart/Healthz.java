package org.sacredcouncil.functions.heart;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * {@code GET /v1/healthz}: for probes (the edge's, an uptime check's); exempt from the edge signature (see
 * {@link HeartFunction}). {@code 200} when heart's own dependencies answer, else {@code 503} naming each one that
 * failed (docs/observability.md#origin-health). The checks are {@link DependencyHealth}'s, cached and bounded.
 */
final class Healthz implements Handler {

    /** Where heart publishes: the emulator locally, Google's endpoint in production. */
    static final String PUBSUB_ENDPOINT = "pubsub.googleapis.com:443";

    private final String region;
    private final DependencyHealth health;

    Healthz(HeartParts parts) {
        this.region = parts.region();
        String emulator = FunctionConfig.pubsubEmulatorHost();
        this.health = new DependencyHealth(
                parts.database().dataSource(),
                emulator == null ? PUBSUB_ENDPOINT : emulator,
                System::currentTimeMillis);
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) {
        DependencyHealth.Report report = health.current();
        Map<String, String> failures = new TreeMap<>(report.failures());
        JsonWriter w = new JsonWriter().beginObject();
        if (!report.healthy()) {
            StringBuilder message = new StringBuilder();
            failures.forEach((name, why) -> message.append(message.length() == 0 ? "" : "; ")
                    .append(name)
                    .append(": ")
                    .append(why));
            w.name("error")
                    .beginObject()
                    .name("code")
                    .value("unhealthy")
                    .name("message")
                    .value(message.toString())
                    .endObject();
        }
        w.name("status").value(report.healthy() ? "ok" : "unavailable");
        w.name("region").value(region);
        w.name("checks").beginObject();
        for (String dependency : new String[] {"postgresql", "pubsub"}) {
            String why = failures.get(dependency);
            w.name(dependency).value(why == null ? "ok" : why);
        }
        w.endObject();
        w.name("checkedAt").value(Instant.ofEpochMilli(report.checkedAtMillis()).toString());
        return new JsonResponse(report.healthy() ? 200 : 503, w.endObject().toString());
    }
}

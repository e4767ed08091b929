package org.sacredcouncil.edge.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.edge.platform.AnalyticsEngine;

/**
 * What the edge counts (docs/observability.md#edge-metrics). Each request ends in exactly one Analytics
 * Engine data point (when the {@code EDGE_METRICS} dataset is bound): the route, the field's cache tier, the
 * pause kind, the origin, the status and the latency, plus the ejections and failed probes since the
 * isolate's previous point — so sums over the dataset count them without a write of their own. The same
 * figures are kept as counters of this isolate for {@code GET /internal/metrics} (the local stack, where the
 * dataset stores nothing that can be read back).
 */
public final class EdgeMetrics {

    /** Upper bounds (ms) of the latency histogram's buckets; the last bucket is everything above. */
    static final int[] LATENCY_BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};

    private final AnalyticsEngine dataset;
    private final Map<String, Integer> routes = new TreeMap<>();
    private final Map<String, Integer> tiers = new TreeMap<>();
    private final Map<String, Integer> pauses = new TreeMap<>();
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final int[] latency = new int[LATENCY_BOUNDS_MS.length + 1];
    private double latencySumMs;
    private int requests;
    private int rateLimited;
    private int ejections;
    private int probesOk;
    private int probesFailed;
    private int ejectionsUnsent;
    private int probeFailuresUnsent;

    public EdgeMetrics(AnalyticsEngine dataset) {
        this.dataset = dataset;
    }

    /**
     * One request answered. {@code tier} is the field's cache tier when the edge served the field ({@code ""}
     * otherwise), {@code pause} the pause's code ({@code ""} when none), {@code origin} the id that answered or
     * {@code edge}.
     */
    public void request(String route, String tier, String pause, String origin, int status, double latencyMs) {
        requests++;
        count(routes, route);
        if (!tier.isEmpty()) {
            count(tiers, tier);
        }
        boolean limited = status == 429;
        if (!pause.isEmpty()) {
            count(pauses, pause);
        }
        if (limited) {
            rateLimited++;
        }
        String statusClass = (status / 100) + "xx";
        count(statuses, statusClass);
        latency[bucketOf(latencyMs)]++;
        latencySumMs += latencyMs;
        if (dataset != null) {
            AnalyticsEngine.write(
                    dataset,
                    route,
                    route,
                    tier,
                    pause,
                    origin == null ? "" : origin,
                    statusClass,
                    latencyMs,
                    status,
                    limited ? 1 : 0,
                    ejectionsUnsent,
                    probeFailuresUnsent);
        }
        ejectionsUnsent = 0;
        probeFailuresUnsent = 0;
    }

    public void ejected() {
        ejections++;
        ejectionsUnsent++;
    }

    public void probed(boolean ok) {
        if (ok) {
            probesOk++;
        } else {
            probesFailed++;
            probeFailuresUnsent++;
        }
    }

    /**
     * The hook for the field hub (docs/observability.md#edge-metrics): one data point with the sockets it
     * holds, written by the hub on every socket it opens and closes; nothing here reads the hub.
     */
    public static void socketsOpen(AnalyticsEngine dataset, int sockets) {
        if (dataset != null) {
            AnalyticsEngine.write(dataset, "hub", "hub", "", "", "", "", 0, 0, 0, 0, sockets);
        }
    }

    /** This isolate's counters and each origin's state under the health rule, as JSON. */
    public String json(List<Origin> origins, OriginObservations observations, long nowMillis) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("requests").value(requests);
        map(w.name("routes"), routes);
        map(w.name("cacheTiers"), tiers);
        map(w.name("pauses"), pauses);
        map(w.name("statuses"), statuses);
        w.name("rateLimited").value(rateLimited);
        w.name("ejections").value(ejections);
        w.name("probes")
                .beginObject()
                .name("ok")
                .value(probesOk)
                .name("failed")
                .value(probesFailed)
                .endObject();
        w.name("latencyMs")
                .beginObject()
                .name("sum")
                .value(latencySumMs)
                .name("buckets")
                .beginArray();
        for (int i = 0; i < latency.length; i++) {
            w.beginObject()
                    .name("le")
                    .value(i < LATENCY_BOUNDS_MS.length ? Integer.toString(LATENCY_BOUNDS_MS[i]) : "+Inf")
                    .name("count")
                    .value(latency[i])
                    .endObject();
        }
        w.endArray().endObject();
        w.name("origins").beginArray();
        for (Origin o : origins) {
            w.beginObject()
                    .name("id")
                    .value(o.id())
                    .name("region")
                    .value(o.region())
                    .name("probedDown")
                    .value(observations.isProbedDown(o.id()))
                    .name("ejected")
                    .value(observations.isEjected(o.id(), nowMillis))
                    .name("healthy")
                    .value(o.healthy() && observations.isRoutable(o.id(), nowMillis))
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    static int bucketOf(double latencyMs) {
        for (int i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
            if (latencyMs <= LATENCY_BOUNDS_MS[i]) {
                return i;
            }
        }
        return LATENCY_BOUNDS_MS.length;
    }

    private static void count(Map<String, Integer> counts, String key) {
        Integer n = counts.get(key);
        counts.put(key, n == null ? 1 : n + 1);
    }

    private static void map(JsonWriter w, Map<String, Integer> counts) {
        w.beginObject();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            w.name(e.getKey()).value(e.getValue());
        }
        w.endObject();
    }
}

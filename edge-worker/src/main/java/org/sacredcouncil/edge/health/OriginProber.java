package org.sacredcouncil.edge.health;

import java.util.List;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.edge.log.LogLine;
import org.sacredcouncil.edge.metrics.EdgeMetrics;
import org.sacredcouncil.edge.platform.Probe;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.teavm.jso.core.JSPromise;

/**
 * Probes every origin's {@code /v1/healthz} from this isolate, riding on its traffic (docs/observability.md
 * #origin-health): the first request after {@code PROBE_INTERVAL_MS} starts a round in {@code waitUntil}, so no
 * client waits for it; the Cron Trigger starts one whatever the traffic. One round at a time; each result goes
 * into the {@link OriginObservations}, which hold the rule that joins probes and passive ejection.
 */
public final class OriginProber {

    public static final String PATH = "/v1/healthz";

    private final OriginObservations observations;
    private final EdgeMetrics metrics;
    private final long intervalMillis;
    private final int timeoutMillis;
    private double lastRoundMillis = Double.NEGATIVE_INFINITY;
    private boolean running;

    public OriginProber(OriginObservations observations, EdgeMetrics metrics, long intervalMillis, int timeoutMillis) {
        this.observations = observations;
        this.metrics = metrics;
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** A round when one is due (interval passed, none running, probing on), else null: a timestamp check. */
    public JSPromise<Void> due(List<Origin> origins, double nowMillis) {
        if (intervalMillis <= 0 || running || nowMillis - lastRoundMillis < intervalMillis) {
            return null;
        }
        return round(origins, nowMillis);
    }

    /** Probes every origin now (the Cron Trigger's round), unless a round is running; null when none started. */
    public JSPromise<Void> round(List<Origin> origins, double nowMillis) {
        if (running || origins.isEmpty()) {
            return null;
        }
        running = true;
        lastRoundMillis = nowMillis;
        StringBuilder urls = new StringBuilder();
        for (Origin origin : origins) {
            String base = origin.url();
            urls.append(urls.length() == 0 ? "" : "\n")
                    .append(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                    .append(PATH);
        }
        return Probe.statuses(urls.toString(), timeoutMillis).then(statuses -> {
            running = false;
            record(origins, statuses.stringValue());
            return null;
        });
    }

    /** {@code statuses}: one per origin, in order, joined by commas (no {@code split}: it pulls in a regex engine). */
    private void record(List<Origin> origins, String statuses) {
        long now = (long) WorkerRuntime.nowMillis();
        int from = 0;
        for (int i = 0; i < origins.size() && from <= statuses.length(); i++) {
            int comma = statuses.indexOf(',', from);
            String status = statuses.substring(from, comma < 0 ? statuses.length() : comma);
            from = comma < 0 ? statuses.length() + 1 : comma + 1;
            String id = origins.get(i).id();
            boolean ok = status.equals("200");
            metrics.probed(ok);
            boolean changed = ok ? observations.probeSucceeded(id, now) : observations.probeFailed(id);
            if (changed) {
                WorkerRuntime.log((ok ? LogLine.info("origin probe recovered") : LogLine.warning("origin probe failed"))
                        .with("origin", id)
                        .with("status", status)
                        .toJson());
            }
        }
    }
}

package org.sacredcouncil.functions.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.RegionField;

/**
 * Every instrument a function records, created once per function instance; the attribute sets are built once
 * (per function) or cached (per route, per message type and region), so the hot path allocates nothing but the
 * SDK's own measurement. Names are Prometheus-style with underscores so that the Prometheus endpoint and Cloud
 * Monitoring ({@code workload.googleapis.com/<name>}) show the same name; no unit is set on purpose (a unit
 * would make the Prometheus exporter append {@code _seconds}); durations and ages are in seconds.
 *
 * <p>No label ever holds an agent id, message id or anything a client chooses freely: every label's values are
 * a small closed set (function names, route patterns, the seven message types, the configured regions). A label
 * per agent would make one time series per agent — unbounded, each a cost in Cloud Monitoring and memory in
 * Prometheus, and past the SDK's cardinality limit (2,000 per instrument) the rest folds into an overflow series.
 */
public final class CouncilMetrics {

    static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("function");
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
    static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
    static final AttributeKey<String> REGION = AttributeKey.stringKey("region");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
    /** The council's own coherence is the gauge's {@code region="global"}. */
    public static final String GLOBAL_REGION = "global";

    private static final List<Double> LATENCY_BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    private static final List<Long> ATTEMPT_BUCKETS = List.of(1L, 2L, 3L, 5L, 10L, 20L, 50L, 100L);
    private static final List<Double> AGE_BUCKETS =
            List.of(0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 600.0, 3600.0, 86400.0);

    private final Attributes function;
    private final String service;
    private final DoubleHistogram latency;
    private final LongCounter messages;
    private final LongCounter recorded;
    private final LongCounter duplicates;
    private final LongCounter deadLettered;
    private final LongCounter redriven;
    private final LongHistogram attempts;
    private final DoubleHistogram eventAge;
    private final LongCounter replays;
    private final Map<String, Attributes> latencyByMethod = new ConcurrentHashMap<>();
    private final Map<String, Attributes> messagesByTypeAndRegion = new ConcurrentHashMap<>();
    private final Map<String, Attributes> replaysByOperation = new ConcurrentHashMap<>();
    private volatile FieldState lastField;

    CouncilMetrics(Meter meter, String functionName) {
        this.service = functionName;
        this.function = Attributes.of(FUNCTION, functionName);
        this.latency = meter.histogramBuilder("sacred_service_latency")
                .setDescription("time to answer one request or push, seconds, by service (function) and method")
                .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
                .build();
        this.messages = meter.counterBuilder("sacred_messages_total")
                .setDescription("messages heart accepted (published), by message type and region")
                .build();
        this.recorded = meter.counterBuilder("sacred_events_recorded_total")
                .setDescription("events a consumer processed for the first time (memory: logged, wisdom: glyphs "
                        + "stored, coherence: ticks folded)")
                .build();
        this.duplicates = meter.counterBuilder("sacred_events_duplicate_total")
                .setDescription("deliveries of an event the consumer had already processed (redeliveries)")
                .build();
        this.deadLettered = meter.counterBuilder("sacred_events_dead_lettered_total")
                .setDescription("events a function parked on the dead-letter topic")
                .build();
        this.redriven = meter.counterBuilder("sacred_events_redriven_total")
                .setDescription("deliveries of an event the redrive tool moved back from the dead-letter topic")
                .build();
        this.attempts = meter.histogramBuilder("sacred_delivery_attempts")
                .ofLongs()
                .setDescription("Pub/Sub's delivery attempt of each push (present with a dead-letter policy)")
                .setExplicitBucketBoundariesAdvice(ATTEMPT_BUCKETS)
                .build();
        this.eventAge = meter.histogramBuilder("sacred_event_age")
                .setDescription("seconds from an event's time to its processing by a consumer (pipeline lag)")
                .setExplicitBucketBoundariesAdvice(AGE_BUCKETS)
                .build();
        this.replays = meter.counterBuilder("sacred_idempotency_replays_total")
                .setDescription("heart writes answered from a stored idempotency record, by operation")
                .build();
        meter.gaugeBuilder("sacred_field_coherence")
                .setDescription("the field's coherence at coherence's latest tick, by region (global: the council)")
                .buildWithCallback(out -> {
                    FieldState field = lastField;
                    if (field == null) {
                        return;
                    }
                    out.record(field.global().coherence(), Attributes.of(REGION, GLOBAL_REGION));
                    for (Map.Entry<String, RegionField> r : field.regions().entrySet()) {
                        out.record(r.getValue().coherence(), Attributes.of(REGION, r.getKey()));
                    }
                });
        meter.gaugeBuilder("sacred_love_amplification")
                .setDescription("the field's love amplification at coherence's latest tick")
                .buildWithCallback(out -> {
                    FieldState field = lastField;
                    if (field != null) {
                        out.record(field.loveAmplification());
                    }
                });
    }

    /** One request or push answered; {@code method} is from a closed set (a route pattern, "push", "tick"). */
    public void latency(String method, long startNanos) {
        Attributes a = latencyByMethod.computeIfAbsent(method, m -> Attributes.of(SERVICE, service, METHOD, m));
        latency.record((System.nanoTime() - startNanos) / 1e9, a);
    }

    /** heart accepted a message; type and region were validated (closed sets) before this is called. */
    public void messageAccepted(String type, String region) {
        Attributes a = messagesByTypeAndRegion.computeIfAbsent(
                type + '\n' + region, k -> Attributes.of(TYPE, type, REGION, region));
        messages.add(1, a);
    }

    public void recorded(boolean fresh) {
        (fresh ? recorded : duplicates).add(1, function);
    }

    public void deadLettered() {
        deadLettered.add(1, function);
    }

    public void redriven() {
        redriven.add(1, function);
    }

    public void deliveryAttempt(int attempt) {
        attempts.record(attempt, function);
    }

    public void eventAge(long eventTimeMillis) {
        eventAge.record(Math.max(0, System.currentTimeMillis() - eventTimeMillis) / 1000.0, function);
    }

    /** {@code operation} is heart's closed set ("POST /v1/messages", ...). */
    public void idempotencyReplay(String operation) {
        replays.add(1, replaysByOperation.computeIfAbsent(operation, o -> Attributes.of(OPERATION, o)));
    }

    /** coherence's tick: the field the gauges report until the next tick. */
    public void field(FieldState field) {
        this.lastField = field;
    }
}

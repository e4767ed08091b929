package org.sacredcouncil.functions.telemetry;

import com.google.cloud.opentelemetry.metric.GoogleCloudMetricExporter;
import com.google.cloud.opentelemetry.metric.MetricConfiguration;
import com.google.cloud.opentelemetry.trace.TraceConfiguration;
import com.google.cloud.opentelemetry.trace.TraceExporter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * One function's OpenTelemetry: its tracer, its {@link CouncilMetrics} and, in prometheus mode, its local
 * endpoint. Created once per function name and process ({@link #of}); production runs one function per
 * process, tests run the four in one JVM, each with its own providers (its own {@code service.name}) and
 * endpoint, as if they were separate processes.
 *
 * <p>{@code TELEMETRY_EXPORTER} ({@link TelemetryMode}): {@code none} (default) uses the API's no-op, which
 * still carries the incoming trace context, so logs and published events keep the trace id; {@code prometheus}
 * records in process and serves it on 127.0.0.1:{@code TELEMETRY_PORT}; {@code gcp} exports metrics to Cloud
 * Monitoring every 60 s and spans to Cloud Trace in batches. Sampling follows the parent's sampled flag (the
 * edge decides), and samples a trace that starts here (a scheduler tick).
 */
public final class Telemetry {

    private static final Map<String, Telemetry> BY_FUNCTION = new ConcurrentHashMap<>();
    private static final String SCOPE = "org.sacredcouncil.functions";
    private static final Duration GCP_EXPORT_INTERVAL = Duration.ofSeconds(60);

    private final String function;
    private final TelemetryMode mode;
    private final Tracer tracer;
    private final CouncilMetrics metrics;
    private final LocalEndpoint endpoint;

    private Telemetry(String function, TelemetryMode mode, OpenTelemetry otel, LocalEndpoint endpoint) {
        this.function = function;
        this.mode = mode;
        this.tracer = otel.getTracer(SCOPE);
        this.metrics = new CouncilMetrics(otel.getMeter(SCOPE), function);
        this.endpoint = endpoint;
    }

    /** The telemetry of {@code function} ("heart", "memory", ...), created from the configuration on first use. */
    public static Telemetry of(String function) {
        return BY_FUNCTION.computeIfAbsent(function, Telemetry::create);
    }

    private static Telemetry create(String function) {
        TelemetryMode mode = TelemetryMode.parse(FunctionConfig.telemetryExporter());
        if (mode == TelemetryMode.NONE) {
            return new Telemetry(function, mode, OpenTelemetry.noop(), null);
        }
        // service.instance.id: Cloud Monitoring's generic_task needs one per instance (its task_id), or two
        // instances of a function would write the same time series and have points refused
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"),
                        function,
                        AttributeKey.stringKey("service.instance.id"),
                        UUID.randomUUID().toString())));
        Sampler sampler = Sampler.parentBased(Sampler.alwaysOn());
        if (mode == TelemetryMode.PROMETHEUS) {
            SpanStore spans = new SpanStore();
            PrometheusMetricReader reader = new PrometheusMetricReader(false, null);
            OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .setResource(resource)
                            .setSampler(sampler)
                            .addSpanProcessor(SimpleSpanProcessor.create(spans))
                            .build())
                    .setMeterProvider(SdkMeterProvider.builder()
                            .setResource(resource)
                            .registerMetricReader(reader)
                            .build())
                    .build();
            return new Telemetry(function, mode, sdk, openEndpoint(function, reader, spans));
        }
        String project = FunctionConfig.projectId();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setResource(resource)
                        .setSampler(sampler)
                        .addSpanProcessor(BatchSpanProcessor.builder(
                                        TraceExporter.createWithConfiguration(TraceConfiguration.builder()
                                                .setProjectId(project)
                                                .build()))
                                .build())
                        .build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .setResource(resource)
                        .registerMetricReader(PeriodicMetricReader.builder(
                                        GoogleCloudMetricExporter.createWithConfiguration(MetricConfiguration.builder()
                                                .setProjectId(project)
                                                .build()))
                                .setInterval(GCP_EXPORT_INTERVAL)
                                .build())
                        .build())
                .build();
        // an instance that stops gets to send what it holds (Cloud Functions sends SIGTERM first)
        Runtime.getRuntime().addShutdownHook(new Thread(sdk::close, "telemetry-flush-" + function));
        return new Telemetry(function, mode, sdk, null);
    }

    private static LocalEndpoint openEndpoint(String function, PrometheusMetricReader reader, SpanStore spans) {
        int port = FunctionConfig.telemetryPort();
        try {
            LocalEndpoint endpoint = new LocalEndpoint(port, function, reader, spans);
            TelemetryLog.endpointOpen(function, endpoint.port());
            return endpoint;
        } catch (IOException e) {
            // telemetry never stops a function: it runs, unobserved, and says so
            TelemetryLog.endpointFailed(function, port, e);
            return null;
        }
    }

    public String function() {
        return function;
    }

    public TelemetryMode mode() {
        return mode;
    }

    public Tracer tracer() {
        return tracer;
    }

    public CouncilMetrics metrics() {
        return metrics;
    }

    /** The local endpoint's port (prometheus mode), or -1 when there is none. */
    public int endpointPort() {
        return endpoint == null ? -1 : endpoint.port();
    }
}

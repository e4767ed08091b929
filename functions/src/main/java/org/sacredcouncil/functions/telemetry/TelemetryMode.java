package org.sacredcouncil.functions.telemetry;

import java.util.Locale;

/**
 * Where a function's metrics and spans go ({@code TELEMETRY_EXPORTER}). Trace context is propagated and logged
 * in every mode: the log's {@code logging.googleapis.com/trace} never depends on an exporter.
 */
public enum TelemetryMode {
    /** Nothing recorded: the OpenTelemetry API's no-op implementation (the instruments cost a virtual call). */
    NONE,
    /** Recorded in the process, served on 127.0.0.1 as Prometheus text ({@code /metrics}) and JSON ({@code /traces}). */
    PROMETHEUS,
    /** Metrics to Cloud Monitoring, spans to Cloud Trace, with Google's OpenTelemetry exporters. */
    GCP;

    /** @throws IllegalArgumentException naming the variable for anything but none, prometheus or gcp */
    public static TelemetryMode parse(String value) {
        if (value == null) {
            return NONE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none", "off" -> NONE;
            case "prometheus", "local" -> PROMETHEUS;
            case "gcp", "google" -> GCP;
            default ->
                throw new IllegalArgumentException(
                        "TELEMETRY_EXPORTER must be none, prometheus or gcp, got '" + value + "'");
        };
    }
}

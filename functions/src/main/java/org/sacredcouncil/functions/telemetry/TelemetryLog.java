package org.sacredcouncil.functions.telemetry;

import org.sacredcouncil.functions.logging.StructuredLog;

/** What telemetry says about itself, on the function's structured log. */
final class TelemetryLog {

    private static final StructuredLog LOG = StructuredLog.of("telemetry");

    private TelemetryLog() {}

    static void endpointOpen(String function, int port) {
        LOG.info(
                "telemetry endpoint: GET /metrics (Prometheus text), GET /traces (recent spans)",
                "function",
                function,
                "url",
                "http://127.0.0.1:" + port);
    }

    static void endpointFailed(String function, int port, Exception e) {
        LOG.error(
                "telemetry endpoint could not open; metrics and spans are not served",
                "function",
                function,
                "port",
                port,
                "error",
                e.toString());
    }
}

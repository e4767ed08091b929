package org.sacredcouncil.bench.functions;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * What telemetry adds to one heart request once the JIT has settled, in one JVM: the work of
 * {@code HeartFunction.service} + {@code SendMessage} + {@code EventPublisher} that concerns telemetry (the
 * edge's traceparent extracted, a server span started and current, the trace context injected into the
 * message's attributes, the message counter, the latency histogram, one JSON log line carrying the trace) with
 * {@code TELEMETRY_EXPORTER=prometheus} (spans kept in the local store) and with {@code none}, alternated.
 * The log line is written in both (heart logs every request anyway), to a discarded stream.
 *
 * <p>Arguments: {@code [seconds per round=3] [rounds=5]}.
 */
public final class TelemetryOverheadBenchmark {

    private static final StructuredLog LOG = StructuredLog.of("heart-bench");

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FunctionConfig.override(Map.of("TELEMETRY_EXPORTER", "prometheus", "TELEMETRY_PORT", "0"));
        Telemetry on = Telemetry.of("overhead-on");
        FunctionConfig.override(Map.of("TELEMETRY_EXPORTER", "none"));
        Telemetry off = Telemetry.of("overhead-off");
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        double[] onNs = new double[rounds];
        double[] offNs = new double[rounds];
        try {
            run(off, seconds); // warm-up, both
            run(on, seconds);
            for (int r = 0; r < rounds; r++) {
                offNs[r] = run(off, seconds);
                onNs[r] = run(on, seconds);
            }
        } finally {
            System.setOut(original);
        }
        java.util.Arrays.sort(onNs);
        java.util.Arrays.sort(offNs);
        double onMedian = onNs[rounds / 2];
        double offMedian = offNs[rounds / 2];
        System.out.printf(
                "per request, median of %d rounds of %.0f s: telemetry none %.2f µs, prometheus %.2f µs, added %.2f µs%n",
                rounds, seconds, offMedian / 1000, onMedian / 1000, (onMedian - offMedian) / 1000);
    }

    /** Nanoseconds per request over about {@code seconds}. */
    private static double run(Telemetry telemetry, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        Map<String, String> headers = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                request(telemetry, headers);
            }
            n += 256;
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private static void request(Telemetry telemetry, Map<String, String> headers) {
        long start = System.nanoTime();
        Span span = telemetry
                .tracer()
                .spanBuilder("heart")
                .setParent(TraceContextCarrier.extract(headers::get))
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            Map<String, String> attributes = new HashMap<>();
            TraceContextCarrier.injectCurrent(attributes::put);
            telemetry.metrics().messageAccepted("blessing", "bench-region");
            LOG.info("POST /v1/messages 202", "status", 202, "latencyMs", 3);
            span.updateName("heart POST /v1/messages");
            span.setAttribute("http.response.status_code", 202);
        } finally {
            span.end();
            telemetry.metrics().latency("POST /v1/messages", start);
        }
    }
}

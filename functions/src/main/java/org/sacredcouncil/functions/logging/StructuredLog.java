package org.sacredcouncil.functions.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintStream;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * One JSON line per entry on stdout, in the shape Cloud Logging parses from a function's output:
 * {@code severity}, {@code message}, {@code logging.googleapis.com/trace} and {@code logging.googleapis.com/spanId}
 * (of the current OpenTelemetry span: heart's request, a consumer's push, continuing the edge's trace; see
 * functions/README.md#telemetry), plus flat key/value fields.
 */
public final class StructuredLog {

    private final String component;

    private StructuredLog(String component) {
        this.component = component;
    }

    public static StructuredLog of(String component) {
        return new StructuredLog(component);
    }

    public void info(String message, Object... fields) {
        write("INFO", message, null, fields);
    }

    public void warn(String message, Object... fields) {
        write("WARNING", message, null, fields);
    }

    public void error(String message, Object... fields) {
        write("ERROR", message, null, fields);
    }

    /**
     * Like {@link #info}; the trace is the current span's, else the W3C {@code traceparent} given (a line
     * written outside any span).
     */
    public void traced(String severity, String traceparent, String message, Object... fields) {
        write(severity, message, traceparent, fields);
    }

    /** {@code projects/P/traces/T} from {@code 00-T-S-F}, or null when the header is absent or malformed. */
    public static String traceOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.trim().split("-");
        if (parts.length < 4 || parts[1].length() != 32) {
            return null;
        }
        return traceName(parts[1]);
    }

    private static String traceName(String traceId) {
        return "projects/" + FunctionConfig.projectId() + "/traces/" + traceId;
    }

    private void write(String severity, String message, String traceparent, Object[] fields) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("severity").value(severity);
        w.name("message").value(message);
        w.name("component").value(component);
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            w.name("logging.googleapis.com/trace").value(traceName(span.getTraceId()));
            w.name("logging.googleapis.com/spanId").value(span.getSpanId());
            w.name("logging.googleapis.com/trace_sampled").value(span.isSampled());
        } else {
            String trace = traceOf(traceparent);
            if (trace != null) {
                w.name("logging.googleapis.com/trace").value(trace);
                w.name("logging.googleapis.com/spanId").value(traceparent.trim().split("-")[2]);
            }
        }
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object value = fields[i + 1];
            w.name(String.valueOf(fields[i]));
            if (value == null) {
                w.nullValue();
            } else if (value instanceof Number n && !(value instanceof Double d && !Double.isFinite(d))) {
                if (value instanceof Double || value instanceof Float) {
                    w.value(n.doubleValue());
                } else {
                    w.value(n.longValue());
                }
            } else if (value instanceof Boolean b) {
                w.value(b);
            } else {
                w.value(String.valueOf(value));
            }
        }
        w.endObject();
        String line = w.toString();
        // System.out at each line, not a copy taken at start-up: a test reads the lines through System.setOut
        PrintStream out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }
}

package org.sacredcouncil.functions.logging;

import java.io.PrintStream;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * One JSON line per entry on stdout, in the shape Cloud Logging parses from a function's output:
 * {@code severity}, {@code message}, {@code logging.googleapis.com/trace}, plus flat key/value fields.
 */
public final class StructuredLog {

    private static final PrintStream OUT = System.out;
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

    /** Like {@link #info} with the request's W3C {@code traceparent} turned into the Cloud Logging trace. */
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
        return "projects/" + FunctionConfig.projectId() + "/traces/" + parts[1];
    }

    private void write(String severity, String message, String traceparent, Object[] fields) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("severity").value(severity);
        w.name("message").value(message);
        w.name("component").value(component);
        String trace = traceOf(traceparent);
        if (trace != null) {
            w.name("logging.googleapis.com/trace").value(trace);
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
        synchronized (OUT) {
            OUT.println(line);
        }
    }
}

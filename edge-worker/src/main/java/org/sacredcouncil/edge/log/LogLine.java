package org.sacredcouncil.edge.log;

import org.sacredcouncil.core.json.JsonWriter;

/**
 * One structured log line in Cloud Logging's shape ({@code severity}, {@code message}, then fields), so
 * edge and function logs read alike.
 */
public final class LogLine {

    private final JsonWriter w = new JsonWriter();

    private LogLine(String severity, String message) {
        w.beginObject()
                .name("severity")
                .value(severity)
                .name("message")
                .value(message)
                .name("component")
                .value("edge");
    }

    public static LogLine info(String message) {
        return new LogLine("INFO", message);
    }

    public static LogLine warning(String message) {
        return new LogLine("WARNING", message);
    }

    public static LogLine error(String message) {
        return new LogLine("ERROR", message);
    }

    public LogLine with(String name, String value) {
        w.name(name).value(value);
        return this;
    }

    public LogLine with(String name, long value) {
        w.name(name).value(value);
        return this;
    }

    public String toJson() {
        return w.endObject().toString();
    }
}

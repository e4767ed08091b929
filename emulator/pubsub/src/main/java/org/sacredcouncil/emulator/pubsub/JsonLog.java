package org.sacredcouncil.emulator.pubsub;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON line per event on stderr, with the field names Cloud Logging reads ({@code severity},
 * {@code message}), so the local cloud's logs look like the deployed functions' logs.
 */
public final class JsonLog {

    private static final PrintStream OUT = System.err;
    private static volatile boolean debugEnabled = Boolean.getBoolean("sacred.emulator.debug");

    private final String component;

    private JsonLog(String component) {
        this.component = component;
    }

    public static JsonLog forComponent(String component) {
        return new JsonLog(component);
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    public void debug(String message, Object... keyValues) {
        if (debugEnabled) {
            write("DEBUG", message, null, keyValues);
        }
    }

    public void warn(String message, Object... keyValues) {
        write("WARNING", message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        write("ERROR", message, error, keyValues);
    }

    private void write(String severity, String message, Throwable error, Object... keyValues) {
        JsonObject line = new JsonObject();
        line.addProperty("severity", severity);
        line.addProperty("time", Instant.now().toString());
        line.addProperty("component", component);
        line.addProperty("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value instanceof Number n) {
                line.addProperty(String.valueOf(keyValues[i]), n);
            } else {
                line.addProperty(String.valueOf(keyValues[i]), String.valueOf(value));
            }
        }
        if (error != null) {
            line.addProperty("error", error.toString());
        }
        OUT.println(line);
    }
}

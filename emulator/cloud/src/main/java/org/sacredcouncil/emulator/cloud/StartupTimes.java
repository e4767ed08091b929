package org.sacredcouncil.emulator.cloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time of a local cloud's start, in total and per part (Pub/Sub, Firestore and PostgreSQL start
 * in parallel; the topology is created after Pub/Sub is up).
 */
public record StartupTimes(long totalMillis, Map<String, Long> partMillis) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        partMillis.forEach((part, millis) -> text.append(text.length() == 0 ? "" : ", ")
                .append(part)
                .append(' ')
                .append(millis)
                .append(" ms"));
        return text.toString();
    }

    /** Collects the parts' times while they start. */
    static final class Recorder {
        private final long startNanos;
        private final Map<String, Long> parts = Collections.synchronizedMap(new LinkedHashMap<>());

        Recorder(long startNanos) {
            this.startNanos = startNanos;
        }

        <T> T time(String part, Supplier<T> step) {
            long begin = System.nanoTime();
            try {
                return step.get();
            } finally {
                parts.put(part, (System.nanoTime() - begin) / 1_000_000);
            }
        }

        StartupTimes finish() {
            Map<String, Long> ordered = new LinkedHashMap<>();
            for (String part : new String[] {"pubsub", "firestore", "postgres", "topology"}) {
                Long millis = parts.get(part);
                if (millis != null) {
                    ordered.put(part, millis);
                }
            }
            return new StartupTimes((System.nanoTime() - startNanos) / 1_000_000, Collections.unmodifiableMap(ordered));
        }
    }
}

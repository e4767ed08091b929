package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;

/** The service's bounds on a topic's or a subscription's {@code message_retention_duration}: 10 minutes to 31 days. */
final class Retention {

    static final long MIN_SECONDS = 10 * 60;
    static final long MAX_SECONDS = 31L * 24 * 3600;

    private Retention() {}

    static void requireWithinBounds(String field, Duration retention) {
        long millis = Durations.toMillis(retention);
        if (millis < MIN_SECONDS * 1000 || millis > MAX_SECONDS * 1000) {
            throw ResourceNames.invalid("Invalid " + field + ": " + Durations.toString(retention)
                    + " (must be between 10 minutes and 31 days).");
        }
    }
}

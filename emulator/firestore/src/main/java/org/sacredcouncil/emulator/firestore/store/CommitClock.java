package org.sacredcouncil.emulator.firestore.store;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Microsecond timestamps that strictly grow, so every commit and snapshot has its own time. */
public final class CommitClock {
    private long lastMicros;

    public synchronized Timestamp next() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        if (micros <= lastMicros) {
            micros = lastMicros + 1;
        }
        lastMicros = micros;
        return of(micros);
    }

    /** The latest time handed out (or now, if later): a read time that sees every commit so far. */
    public synchronized Timestamp current() {
        Instant now = Instant.now();
        long micros = Math.max(lastMicros, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
        return of(micros);
    }

    /** The latest time handed out by {@link #next}: every later commit gets a later time. */
    public synchronized Timestamp last() {
        return of(lastMicros);
    }

    /** Moves the clock past a time read back from disk, so new commits come after restored ones. */
    public synchronized void observe(Timestamp t) {
        long micros = t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
        lastMicros = Math.max(lastMicros, micros);
    }

    private static Timestamp of(long micros) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(micros, 1_000_000L))
                .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000)
                .build();
    }
}

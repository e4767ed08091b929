package org.sacredcouncil.edge.platform;

import org.sacredcouncil.core.routing.RandomSource;
import org.teavm.jso.JSBody;

/** Clock, randomness and logging of the Workers runtime. */
public final class WorkerRuntime {

    private WorkerRuntime() {}

    /** Epoch millis. Inside a Worker the clock advances only across I/O, which is enough for latencies. */
    @JSBody(script = "return Date.now();")
    public static native double nowMillis();

    /**
     * ISO-8601 UTC with milliseconds, the {@code .000} dropped when zero: the same text as core's
     * {@code IsoInstant.format}, computed by the runtime because TeaVM's 64-bit arithmetic is BigInt.
     */
    @JSBody(
            params = "ms",
            script = "var s = new Date(ms).toISOString();"
                    + " return s.length === 24 && s.endsWith('.000Z') ? s.substring(0, 19) + 'Z' : s;")
    public static native String isoTime(double millis);

    /** Whole seconds since the epoch, as decimal text. */
    @JSBody(params = "ms", script = "return String(Math.floor(ms / 1000));")
    public static native String unixSecondsText(double millis);

    @JSBody(script = "return Math.random();")
    public static native double random();

    public static final RandomSource RANDOM = WorkerRuntime::random;

    /** One structured log line (already JSON); Workers Logs and wrangler tail pick it up from the console. */
    @JSBody(params = "line", script = "console.log(line);")
    public static native void log(String line);
}

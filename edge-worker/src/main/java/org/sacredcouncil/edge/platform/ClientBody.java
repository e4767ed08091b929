package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A client's request body read whole, bounded in bytes and in time, before the edge picks an origin
 * (docs/contracts.md#origin-fault): a slow or oversized body is the client's own failure and never runs
 * on an origin's clock. Reading it whole also means every answer, pauses included, leaves the client's
 * connection clean (an unread body made the connection reset under the client's next request).
 */
public abstract class ClientBody implements JSObject {

    public static final String READ = "ok";
    public static final String TIMED_OUT = "timeout";
    public static final String TOO_LARGE = "too_large";
    public static final String BROKEN = "error";

    /** {@link #READ}, {@link #TIMED_OUT}, {@link #TOO_LARGE} or {@link #BROKEN}. */
    @JSProperty
    public abstract String getOutcome();

    /** The bytes when read, else null. */
    @JSProperty
    public abstract ArrayBuffer getBytes();

    /** The body as UTF-8 text (malformed sequences replaced), or null when not read. */
    @JSBody(params = "b", script = "return b.bytes ? new TextDecoder().decode(b.bytes) : null;")
    public static native String text(ClientBody body);

    /**
     * Reads the request's body stream (it must have one: {@link Request#hasBody}) to its end, at most {@code maxBytes}, within {@code timeoutMillis}; on a timeout or an
     * oversized body the rest is cancelled. Never rejects.
     */
    @JSBody(
            params = {"request", "maxBytes", "timeoutMillis"},
            script = ""
                    + "var reader = request.body.getReader(), chunks = [], size = 0, timer;"
                    + "var late = new Promise(function (settle) {"
                    + "  timer = setTimeout(function () { settle('timeout'); }, timeoutMillis); });"
                    + "function pump() { return reader.read().then(function (chunk) {"
                    + "  if (chunk.done) { var whole = new Uint8Array(size), offset = 0;"
                    + "    for (var at = 0; at < chunks.length; at++) { whole.set(chunks[at], offset);"
                    + "      offset += chunks[at].byteLength; }"
                    + "    return whole.buffer; }"
                    + "  size += chunk.value.byteLength; if (size > maxBytes) { return 'too_large'; }"
                    + "  chunks.push(chunk.value); return pump(); }); }"
                    + "return Promise.race([pump(), late]).then(function (result) { clearTimeout(timer);"
                    + "  if (typeof result === 'string') { reader.cancel().catch(function () {});"
                    + "    return {outcome: result, bytes: null}; }"
                    + "  return {outcome: 'ok', bytes: result}; },"
                    + " function () { clearTimeout(timer); return {outcome: 'error', bytes: null}; });")
    public static native JSPromise<ClientBody> read(Request request, double maxBytes, int timeoutMillis);
}

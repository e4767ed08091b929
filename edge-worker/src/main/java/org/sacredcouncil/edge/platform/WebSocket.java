package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * A server-side WebSocket accepted by a Durable Object through the Hibernation API. Its attachment (a short
 * JSON text here) survives hibernation; anything else kept on the object is lost when the hub is evicted.
 */
public abstract class WebSocket implements JSObject {

    public abstract void send(String text);

    /** Closes with a code and a reason; a socket already closing ignores it. */
    @JSBody(
            params = {"socket", "code", "reason"},
            script = "try { socket.close(code, reason); } catch (closeFailure) { }")
    public static native void close(WebSocket socket, int code, String reason);

    /**
     * A 101 answer whose socket closes at once with {@code code}: the client reads a close code rather than an HTTP
     * error. Not accepted into the hub (a hibernatable socket closed before the 101 left reached no client).
     */
    @JSBody(
            params = {"code", "reason", "protocol"},
            script = "var pair = new WebSocketPair(); pair[1].accept();"
                    + " pair[1].close(code, reason); return new Response(null, {status: 101, webSocket: pair[0],"
                    + " headers: {'sec-websocket-protocol': protocol}});")
    public static native Response refused(int code, String reason, String protocol);

    /** Sends, ignoring a socket that closed meanwhile (a broadcast must not stop at one dead socket). */
    @JSBody(
            params = {"socket", "text"},
            script = "try { socket.send(text); return true; } catch (sendFailure) {" + " return false; }")
    public static native boolean trySend(WebSocket socket, String text);

    @JSBody(
            params = {"socket", "text"},
            script = "socket.serializeAttachment(text);")
    public static native void attach(WebSocket socket, String text);

    /** The attachment text, or null when none was set. */
    @JSBody(
            params = "socket",
            script = "var attached = socket.deserializeAttachment();"
                    + " return typeof attached === 'string' ? attached : null;")
    public static native String attachment(WebSocket socket);

    /**
     * Counts a frame in the socket's current one-second window and returns the count. Kept on the JS object:
     * a rate window need not survive hibernation (a hibernated socket sent nothing).
     */
    @JSBody(
            params = {"socket", "nowMillis"},
            script = "var second = Math.floor(nowMillis / 1000);"
                    + " if (socket.sacredSecond !== second) { socket.sacredSecond = second; socket.sacredFrames = 0; }"
                    + " return ++socket.sacredFrames;")
    public static native int countFrame(WebSocket socket, double nowMillis);

    /** A text frame's length in UTF-8 bytes, or -1 for a binary frame. */
    @JSBody(
            params = "message",
            script = "return typeof message === 'string'" + " ? new TextEncoder().encode(message).length : -1;")
    public static native int textBytes(JSObject message);

    @JSBody(params = "message", script = "return typeof message === 'string' ? message : null;")
    public static native String text(JSObject message);

    /**
     * A new pair; returns the server end, accepted by {@code state} with {@code tags}, and sets the client end
     * as {@code holder.client}.
     */
    @JSBody(
            params = {"state", "tags"},
            script = "var pair = new WebSocketPair();"
                    + " state.acceptWebSocket(pair[1], tags); return {client: pair[0], server: pair[1]};")
    public static native Pair acceptNew(DurableObjectState state, String[] tags);

    /** Both ends of a new pair: the client end goes into the 101 answer, the server end stays in the hub. */
    public abstract static class Pair implements JSObject {
        @org.teavm.jso.JSProperty
        public abstract JSObject getClient();

        @org.teavm.jso.JSProperty
        public abstract WebSocket getServer();
    }

    /** The 101 answer that hands the client end over, echoing the subprotocol. */
    @JSBody(
            params = {"client", "protocol"},
            script = "return new Response(null, {status: 101, webSocket: client,"
                    + " headers: {'sec-websocket-protocol': protocol}});")
    public static native Response upgradeResponse(JSObject client, String protocol);
}

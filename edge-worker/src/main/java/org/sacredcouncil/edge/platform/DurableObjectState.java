package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** A Durable Object's state: its storage, its hibernatable WebSockets, its alarm. */
public abstract class DurableObjectState implements JSObject, ExecutionContext {

    @JSProperty
    public abstract Storage getStorage();

    @JSBody(params = "state", script = "return state.getWebSockets();")
    public static native WebSocket[] sockets(DurableObjectState state);

    @JSBody(
            params = {"state", "tag"},
            script = "return state.getWebSockets(tag);")
    public static native WebSocket[] sockets(DurableObjectState state, String tag);

    /**
     * Sends each of {@code texts}, in order, to every socket tagged {@code tag}: the runtime is asked for the sockets
     * once, and each text crosses from Java to JS once, not once per socket. A socket that closed meanwhile is
     * skipped (a broadcast must not stop at one dead socket). Returns how many sockets there were.
     */
    @JSBody(
            params = {"state", "tag", "texts"},
            script = "var sockets = state.getWebSockets(tag);"
                    + " for (var socketAt = 0; socketAt < sockets.length; socketAt++) {"
                    + " for (var textAt = 0; textAt < texts.length; textAt++) {"
                    + " try { sockets[socketAt].send(texts[textAt]); } catch (sendFailure) { break; } } }"
                    + " return sockets.length;")
    public static native int broadcast(DurableObjectState state, String tag, String[] texts);

    @JSBody(
            params = {"state", "socket"},
            script = "return state.getTags(socket);")
    public static native String[] tags(DurableObjectState state, WebSocket socket);

    /**
     * Lets the runtime answer {@code request} with {@code response} itself, without waking the object: idle
     * sockets that only keep alive cost no duration.
     */
    @JSBody(
            params = {"state", "request", "response"},
            script = "state.setWebSocketAutoResponse(new WebSocketRequestResponsePair(request, response));")
    public static native void autoResponse(DurableObjectState state, String request, String response);

    @JSBody(
            params = {"left", "right"},
            script = "return left === right;")
    public static native boolean same(JSObject left, JSObject right);

    /** Never rejects: runs {@code work}'s promise and logs a failure (for fire-and-forget work). */
    @JSBody(
            params = "work",
            script = "return Promise.resolve(work).catch(function (failure) {"
                    + " console.log(JSON.stringify({severity: 'ERROR', message: 'hub work failed', reason: String(failure)}));"
                    + " return null; });")
    public static native JSPromise<JSObject> settled(JSPromise<?> work);
}

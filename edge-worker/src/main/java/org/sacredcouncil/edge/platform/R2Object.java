package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** An R2 object as {@code head} or {@code get} gives it (the body only from {@code get}). */
public abstract class R2Object implements JSObject {

    @JSProperty
    public abstract double getSize();

    /** {@code httpMetadata.contentType}, or null when the writer set none. */
    @JSBody(params = "o", script = "return o.httpMetadata && o.httpMetadata.contentType || null;")
    public static native String contentType(R2Object object);

    /** A response streaming the object's body ({@code get}'s), or with no body when {@code object} is null. */
    @JSBody(
            params = {"object", "status", "headers"},
            script = "return new Response(object ? object.body : null, {status: status, headers: headers});")
    public static native Response response(R2Object object, int status, Headers headers);
}

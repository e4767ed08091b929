package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** The Worker's bindings: plain-text vars and secrets, and the KV namespace. */
public abstract class Env implements JSObject {

    /** A var or secret, or null when it is not set (or not text). */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return typeof v === 'string' ? v : null;")
    public static native String var(Env env, String name);

    /** A KV binding, or null when it is not bound. */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return v && typeof v.get === 'function' ? v : null;")
    public static native Kv kv(Env env, String name);
}

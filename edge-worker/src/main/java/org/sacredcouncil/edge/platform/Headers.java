package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** The Fetch API's {@code Headers}: names are case-insensitive and come back lower-cased. */
public abstract class Headers implements JSObject {

    /** The value, or null when absent. */
    public abstract String get(String name);

    public abstract boolean has(String name);

    public abstract void set(String name, String value);

    /** Adds a value to a list header such as {@code Vary}. */
    public abstract void append(String name, String value);

    public abstract void delete(String name);

    @JSBody(script = "return new Headers();")
    public static native Headers create();

    /** A mutable copy: headers of incoming requests and fetched responses are immutable. */
    @JSBody(params = "h", script = "return new Headers(h);")
    public static native Headers copyOf(Headers headers);

    @JSBody(params = "h", script = "return Array.from(h.keys());")
    public static native String[] names(Headers headers);
}

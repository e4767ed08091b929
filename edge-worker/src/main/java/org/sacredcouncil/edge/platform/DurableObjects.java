package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.core.JSPromise;

/** Reaching a Durable Object from the Worker: one named instance of a namespace binding. */
public final class DurableObjects {

    private DurableObjects() {}

    /** True when {@code env[binding]} is a Durable Object namespace. */
    @JSBody(
            params = {"env", "binding"},
            script = "var ns = env[binding];" + " return !!ns && typeof ns.idFromName === 'function';")
    public static native boolean bound(Env env, String binding);

    /** Sends {@code request} to the instance named {@code name}. */
    @JSBody(
            params = {"env", "binding", "name", "request"},
            script = "var ns = env[binding];" + " return ns.get(ns.idFromName(name)).fetch(request);")
    public static native JSPromise<Response> fetch(Env env, String binding, String name, Request request);

    /** A request to the object built from text parts (the Worker forwards what it checked, not the stream). */
    @JSBody(
            params = {"url", "method", "headers", "body"},
            script = "return new Request(url, {method: method, headers: headers, body: body});")
    public static native Request request(String url, String method, Headers headers, String body);
}

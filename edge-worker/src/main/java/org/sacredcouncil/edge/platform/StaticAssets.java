package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * The Worker's Workers Static Assets binding ({@code ASSETS}, wrangler.toml {@code [assets]}): files the platform
 * serves from its own store. The edge reads documents from it that it serves under its own headers, so their bytes
 * are not part of the uploaded modules (the bundle's size bound, edge-worker/README.md "Bundle size").
 */
public abstract class StaticAssets implements JSObject {

    /** The binding, or null when it is not bound. */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return v && typeof v.fetch === 'function' ? v : null;")
    public static native StaticAssets of(Env env, String name);

    /**
     * The text of the asset at {@code path}, or null when the store has no such file or cannot be read (never
     * rejects). The host is a placeholder: the binding resolves paths only.
     */
    @JSBody(
            params = {"assets", "path"},
            script = "return assets.fetch('https://assets.invalid' + path).then(function (answer) {"
                    + " return answer.ok ? answer.text() : null; }, function () { return null; });")
    public static native JSPromise<JSString> text(StaticAssets assets, String path);
}

package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;

/** A Workers KV namespace. Values are text; the edge keeps its fetch time in the metadata. */
public abstract class Kv implements JSObject {

    /** A value with its metadata. */
    public abstract static class Entry implements JSObject {
        /** The text, or null when the key is absent. */
        @JSProperty
        public abstract String getValue();

        /** {@code metadata.fetchedAt} in epoch millis, or -1 when the writer did not set it. */
        @JSBody(
                params = "e",
                script = "var m = e.metadata; return m && typeof m.fetchedAt === 'number' ? m.fetchedAt : -1;")
        public static native double fetchedAtOf(Entry entry);
    }

    /** {@code cacheTtl} (seconds, at least 60) lets the data centre serve the value from its cache. */
    @JSBody(
            params = {"kv", "key", "cacheTtl"},
            script = "return kv.getWithMetadata(key, {type: 'text', cacheTtl: cacheTtl});")
    public static native JSPromise<Entry> getWithMetadata(Kv kv, String key, int cacheTtl);

    /**
     * The text under {@code key} read past the data centre's cache: for a writer that must not overwrite a newer
     * value (the field hub), where a cached copy up to a minute old would hide one. Null when absent.
     */
    @JSBody(
            params = {"kv", "key"},
            script = "return kv.get(key, {type: 'text'});")
    public static native JSPromise<org.teavm.jso.core.JSString> getUncached(Kv kv, String key);

    @JSBody(
            params = {"kv", "key", "value", "fetchedAt"},
            script = "return kv.put(key, value, {metadata: {fetchedAt: fetchedAt}});")
    public static native JSPromise<JSObject> put(Kv kv, String key, String value, double fetchedAt);
}

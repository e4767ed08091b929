package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * A Durable Object's transactional storage (the key-value API, which SQLite-backed objects also offer).
 * Values are JSON texts here. Writes are not awaited by callers that need not: the runtime's output gate
 * holds every outgoing message until the writes before it are durable.
 */
public abstract class Storage implements JSObject {

    /**
     * In one round: the texts under {@code keys} (null where absent), in order, then for each of {@code prefixes}
     * every value whose key starts with it, in key order. Read the result with {@link #length} and {@link #at} (the
     * keys' values) and {@link #listed} (one prefix's values).
     */
    @JSBody(
            params = {"storage", "keys", "prefixes"},
            script = "var reads = [storage.get(keys)];"
                    + " for (var prefixAt = 0; prefixAt < prefixes.length; prefixAt++) {"
                    + " reads.push(storage.list({prefix: prefixes[prefixAt]})); }"
                    + " return Promise.all(reads).then(function (found) { var values = [];"
                    + " for (var keyAt = 0; keyAt < keys.length; keyAt++) { var value = found[0].get(keys[keyAt]);"
                    + " values.push(typeof value === 'string' ? value : null); }"
                    + " values.lists = found.slice(1).map(function (entries) { return Array.from(entries.values()); });"
                    + " return values; });")
    public static native JSPromise<JSObject> getAll(Storage storage, String[] keys, String[] prefixes);

    /** The values {@link #getAll} listed under its {@code index}th prefix. */
    @JSBody(
            params = {"values", "index"},
            script = "return values.lists[index];")
    public static native String[] listed(JSObject values, int index);

    /** The text under {@code key}, or null. */
    @JSBody(
            params = {"storage", "key"},
            script = "return storage.get(key).then(function (value) {"
                    + " return typeof value === 'string' ? value : null; });")
    public static native JSPromise<JSString> get(Storage storage, String key);

    /** Every value whose key starts with {@code prefix}, in key order. */
    @JSBody(
            params = {"storage", "prefix"},
            script = "return storage.list({prefix: prefix}).then(function (entries) {"
                    + " return Array.from(entries.values()); });")
    public static native JSPromise<JSObject> valuesWithPrefix(Storage storage, String prefix);

    @JSBody(
            params = {"storage", "key", "value"},
            script = "return storage.put(key, value);")
    public static native JSPromise<JSObject> put(Storage storage, String key, String value);

    /** Deletes the keys, 128 per call (the storage API's limit). */
    @JSBody(
            params = {"storage", "keys"},
            script = "var calls = [];"
                    + " for (var from = 0; from < keys.length; from += 128) { calls.push(storage.delete(keys.slice(from, from + 128))); }"
                    + " return Promise.all(calls);")
    public static native JSPromise<JSObject> delete(Storage storage, String[] keys);

    /** The alarm time in epoch millis, or -1 when none is set. */
    @JSBody(
            params = "storage",
            script = "return storage.getAlarm().then(function (at) { return at == null ? -1 : at; });")
    public static native JSPromise<JSObject> alarm(Storage storage);

    @JSBody(
            params = {"storage", "atMillis"},
            script = "return storage.setAlarm(atMillis);")
    public static native JSPromise<JSObject> setAlarm(Storage storage, double atMillis);

    @JSBody(params = "values", script = "return values.length;")
    public static native int length(JSObject values);

    @JSBody(
            params = {"values", "index"},
            script = "return values[index];")
    public static native String at(JSObject values, int index);
}

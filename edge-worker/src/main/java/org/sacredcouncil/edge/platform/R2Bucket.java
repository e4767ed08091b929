package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** An R2 bucket binding. Keys and metadata are text; sizes are whole numbers of bytes (as doubles: no BigInt). */
public abstract class R2Bucket implements JSObject {

    /** The binding, or null when it is not bound. */
    @JSBody(
            params = {"env", "name"},
            script = "var v = env[name]; return v && typeof v.head === 'function' ? v : null;")
    public static native R2Bucket of(Env env, String name);

    /** The object's metadata without its body, or null when the key is absent. */
    @JSBody(
            params = {"bucket", "key"},
            script = "return bucket.head(key);")
    public static native JSPromise<R2Object> head(R2Bucket bucket, String key);

    /**
     * Stores the bytes under {@code artifacts/<sha256>} with {@code httpMetadata.contentType} and the custom metadata
     * {@code sha256} and {@code size} (docs/artifacts.md#upload). R2 checks the SHA-256 itself and rejects the put
     * when the bytes differ from it.
     */
    @JSBody(
            params = {"bucket", "key", "bytes", "contentType"},
            script = "var address = key.slice(key.lastIndexOf('/') + 1);"
                    + " return bucket.put(key, bytes, {sha256: address, httpMetadata: {contentType: contentType},"
                    + " customMetadata: {sha256: address, size: String(bytes.byteLength)}});")
    public static native JSPromise<R2Object> put(R2Bucket bucket, String key, ArrayBuffer bytes, String contentType);

    /** The object with {@code length} bytes of its body from {@code offset}, or null when absent. */
    @JSBody(
            params = {"bucket", "key", "offset", "length"},
            script = "return bucket.get(key, {range: {offset: offset, length: length}});")
    public static native JSPromise<R2Object> get(R2Bucket bucket, String key, double offset, double length);

    @JSBody(
            params = {"bucket", "key"},
            script = "return bucket.delete(key);")
    public static native JSPromise<JSObject> delete(R2Bucket bucket, String key);
}

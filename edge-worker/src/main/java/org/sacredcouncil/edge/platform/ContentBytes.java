package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** Byte checks over a client's body done by the engine: a 5 MB loop in the bundle would cost CPU time. */
public final class ContentBytes {

    private ContentBytes() {}

    /** The first {@code count} bytes (fewer when the body is shorter), for the signature sniff. */
    @JSBody(
            params = {"bytes", "count"},
            script = "var view = new Uint8Array(bytes, 0, Math.min(count, bytes.byteLength)), head = [];"
                    + " for (var at = 0; at < view.length; at++) { head.push(view[at]); } return head;")
    public static native int[] first(ArrayBuffer bytes, int count);

    /**
     * docs/artifacts.md#types {@code text/plain}: valid UTF-8 (a fatal decoder), no NUL and no C0 control other
     * than tab, LF and CR.
     */
    @JSBody(
            params = "bytes",
            script = "try { return !/[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]/.test("
                    + "new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes)); }"
                    + " catch (notUtf8) { return false; }")
    public static native boolean isPlainText(ArrayBuffer bytes);

    /** The UTF-8 bytes of {@code text}. */
    @JSBody(params = "text", script = "return new TextEncoder().encode(text).buffer;")
    public static native ArrayBuffer utf8(String text);
}

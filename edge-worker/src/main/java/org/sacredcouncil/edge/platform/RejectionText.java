package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;

/**
 * A promise's rejection reason as text, as {@code String.valueOf} gave it: a Java {@link Throwable}'s own
 * {@code toString()}, else the JS value's {@code toString()} ({@code "null"}, {@code "undefined"}). Written out
 * because {@code String.valueOf} on a value that came back from JS is a virtual {@code toString()} that TeaVM must
 * resolve against every class in the bundle (every record's and collection's {@code toString} came with it).
 */
public final class RejectionText {

    private RejectionText() {}

    public static String of(Object reason) {
        if (reason instanceof Throwable failure) {
            return failure.toString();
        }
        return jsText(reason);
    }

    @JSBody(
            params = "rejectionReason",
            script = "return rejectionReason === undefined ? 'undefined' : rejectionReason === null ? 'null'"
                    + " : String(rejectionReason.toString());")
    private static native String jsText(Object rejectionReason);
}

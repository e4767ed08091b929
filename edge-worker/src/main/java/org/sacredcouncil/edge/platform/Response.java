package org.sacredcouncil.edge.platform;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/** A response, built here or received from {@link Fetch}. */
public abstract class Response implements JSObject {

    @JSProperty
    public abstract int getStatus();

    @JSProperty
    public abstract Headers getHeaders();

    public abstract JSPromise<JSString> text();

    /** A response's status with its whole body as text. */
    public abstract static class Read implements JSObject {
        @JSProperty
        public abstract int getStatus();

        @JSProperty
        public abstract String getText();
    }

    /** Resolves with the status and the body text of the response {@code answer} resolves with. */
    @JSBody(
            params = "answer",
            script =
                    "return answer.then(function (response) {"
                            + " return response.text().then(function (body) { return {status: response.status, text: body}; }); });")
    public static native JSPromise<Read> read(JSPromise<Response> answer);

    /** A response with a text body (null for none, e.g. 304 or HEAD). */
    @JSBody(
            params = {"body", "status", "headers"},
            script = "return new Response(body, {status: status, headers: headers});")
    public static native Response create(String body, int status, Headers headers);

    /** The same status and streamed body with a mutable copy of the headers, so the edge can add its own. */
    @JSBody(params = "r", script = "return new Response(r.body, r);")
    public static native Response relay(Response response);

    /** Releases an unread body so the connection is not held (a response that will be discarded). */
    @JSBody(params = "r", script = "if (r.body) { r.body.cancel().catch(function () {}); }")
    public static native void discard(Response response);
}

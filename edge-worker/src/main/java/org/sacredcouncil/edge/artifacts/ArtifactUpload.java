package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.limits.RequestKind;
import org.sacredcouncil.edge.number.WholeNumbers;
import org.sacredcouncil.edge.platform.ClientBody;
import org.sacredcouncil.edge.platform.ContentBytes;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.R2Bucket;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;
import org.teavm.jso.function.JSMapping;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * One upload, docs/artifacts.md#upload: the rate limit, then the body read to {@code ARTIFACT_MAX_BYTES}, sniffed
 * and hashed; the blob stored once under its address; the metadata forwarded to heart as JSON; the blob deleted
 * again when heart (or the edge's own pause) refused what this request stored.
 *
 * <p>The object is its own promise callback, one step after another ({@link #step}): under TeaVM every lambda is
 * a class of its own, and the seven of this chain cost the bundle more than all of its logic.
 */
final class ArtifactUpload implements JSMapping<JSObject, JSPromise<Response>> {

    private static final RequestTarget HEART = new RequestTarget(ArtifactRoutes.PATH, "");

    private static final int LIMITED = 0;
    private static final int RECEIVED = 1;
    private static final int HASHED = 2;
    private static final int LOOKED = 3;
    private static final int STORED = 4;
    private static final int ANSWERED = 5;
    private static final int TAKEN_BACK = 6;

    private final ArtifactRoutes routes;
    private final Request request;
    private final ArtifactFlow flow;
    /** What the next settled promise is the answer to. */
    private int step;

    private ArrayBuffer bytes;
    private String type;
    private String key;
    /** Whether this request put the blob (so that a refusal takes it away again). */
    private boolean created;

    private Response answer;

    ArtifactUpload(ArtifactRoutes routes, Request request, ArtifactFlow flow) {
        this.routes = routes;
        this.request = request;
        this.flow = flow;
    }

    JSPromise<Response> start() {
        // a declared oversized body is refused unread: reading it only to refuse it lets a client make the edge read
        if (declaredOver(request.getHeaders().get("content-length"))) {
            return JSPromise.resolve(refusal(413, "too_large", "the content exceeds " + routes.maxBytes + " bytes"));
        }
        JSPromise<JSBoolean> limit = flow.withinLimit(RequestKind.ARTIFACTS);
        return limit == null ? read() : next(LIMITED, limit);
    }

    @Override
    public JSPromise<Response> apply(JSObject value) {
        switch (step) {
            case LIMITED:
                return ((JSBoolean) value).booleanValue() ? read() : JSPromise.resolve(flow.rateLimited());
            case RECEIVED:
                return received((ClientBody) value);
            case HASHED:
                key = ArtifactRoutes.KEY_PREFIX + ((JSString) value).stringValue();
                return next(LOOKED, R2Bucket.head(routes.bucket, key));
            case LOOKED:
                if (value == null) {
                    created = true;
                    return next(STORED, R2Bucket.put(routes.bucket, key, bytes, type));
                }
                return forward();
            case STORED:
                return forward();
            case ANSWERED:
                return answered((Response) value);
            default:
                return JSPromise.resolve(answer);
        }
    }

    @SuppressWarnings("unchecked") // every step's value is a JS object; apply casts it to what the step awaited
    private JSPromise<Response> next(int then, JSPromise<? extends JSObject> promise) {
        step = then;
        return ((JSPromise<JSObject>) promise).flatThen(this);
    }

    private JSPromise<Response> read() {
        if (!Request.hasBody(request)) {
            return JSPromise.resolve(refusal(400, "invalid_artifact", "the content is empty"));
        }
        return next(RECEIVED, ClientBody.read(request, routes.maxBytes, routes.bodyTimeoutMillis));
    }

    private JSPromise<Response> received(ClientBody body) {
        String outcome = body.getOutcome();
        if (!outcome.equals(ClientBody.READ)) {
            return JSPromise.resolve(
                    outcome.equals(ClientBody.TOO_LARGE)
                            ? refusal(413, "too_large", "the content exceeds " + routes.maxBytes + " bytes")
                            : outcome.equals(ClientBody.TIMED_OUT)
                                    ? refusal(408, "request_timeout", "the content came too slowly")
                                    : refusal(400, "invalid_artifact", "the content could not be read"));
        }
        bytes = body.getBytes();
        if (bytes.getByteLength() == 0) {
            return JSPromise.resolve(refusal(400, "invalid_artifact", "the content is empty"));
        }
        String declared = ContentSniffer.declared(request.getHeaders().get(EdgeHeaders.CONTENT_TYPE));
        type = ContentSniffer.sniff(ContentBytes.first(bytes, ContentSniffer.HEAD_BYTES));
        if (type == null && declared.equals(ContentSniffer.TEXT) && ContentBytes.isPlainText(bytes)) {
            type = ContentSniffer.TEXT;
        }
        if (type == null || !type.equals(declared)) {
            return JSPromise.resolve(refusal(
                    415,
                    "unsupported_media_type",
                    "the content is " + (type == null ? "of no allowed type" : type) + ", declared "
                            + (declared.isEmpty() ? "none" : declared)));
        }
        return next(HASHED, WebCrypto.sha256Hex(bytes));
    }

    /** Step 3: the usual signed forward with the metadata as JSON; the client's Authorization and Idempotency-Key go along. */
    private JSPromise<Response> forward() {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("sha256")
                .value(key.substring(ArtifactRoutes.KEY_PREFIX.length()))
                .name("contentType")
                .value(type)
                .name("size")
                .value(bytes.getByteLength());
        String name = Request.queryParam(request, "name");
        if (name != null) {
            json.name("name").value(name);
        }
        String messageId = Request.queryParam(request, "messageId");
        if (messageId != null) {
            json.name("messageId").value(messageId);
        }
        Headers headers = Headers.copyOf(request.getHeaders());
        headers.set(EdgeHeaders.CONTENT_TYPE, "application/json");
        headers.delete("content-length");
        return next(
                ANSWERED,
                flow.forward(HEART, headers, ContentBytes.utf8(json.endObject().toString())));
    }

    /**
     * Step 5: heart's answer goes to the client unchanged, once a blob this request stored is gone again when heart
     * refused it (4xx) or never heard of it (the edge's own pause); after a 5xx heart may have recorded it: kept.
     */
    private JSPromise<Response> answered(Response response) {
        int status = response.getStatus();
        if (created
                && ((status >= 400 && status < 500)
                        || "edge".equals(response.getHeaders().get(EdgeHeaders.EDGE_ORIGIN)))) {
            answer = response;
            return next(TAKEN_BACK, R2Bucket.delete(routes.bucket, key));
        }
        return JSPromise.resolve(response);
    }

    /** A declared length over the limit; more than nine digits is over any limit (and past an int). */
    private boolean declaredOver(String length) {
        if (length == null || length.isEmpty()) {
            return false;
        }
        for (int at = 0; at < length.length(); at++) {
            if (length.charAt(at) < '0' || length.charAt(at) > '9') {
                return false;
            }
        }
        return length.length() > 9 || WholeNumbers.parseInt(length) > routes.maxBytes;
    }

    private Response refusal(int status, String code, String message) {
        return ArtifactRoutes.error(status, code, message, "content", flow);
    }
}

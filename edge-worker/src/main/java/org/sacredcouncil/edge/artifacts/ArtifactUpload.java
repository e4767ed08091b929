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
import org.sacredcouncil.edge.platform.R2Object;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * One upload, docs/artifacts.md#upload: the rate limit, then the body read to {@code ARTIFACT_MAX_BYTES}, sniffed
 * and hashed; the blob stored once under its address; the metadata forwarded to heart as JSON; the blob deleted
 * again when heart (or the edge's own pause) refused what this request stored. Its steps are methods of this
 * object, not nested lambdas: under TeaVM every captured variable becomes a field of a generated class.
 */
final class ArtifactUpload {

    private static final RequestTarget HEART = new RequestTarget(ArtifactRoutes.PATH, "");

    private final ArtifactRoutes routes;
    private final Request request;
    private final ArtifactFlow flow;
    private ArrayBuffer bytes;
    private String type;
    private String sha256;
    /** Whether this request put the blob (so that a refusal may take it away again). */
    private boolean created;

    private Response answer;

    ArtifactUpload(ArtifactRoutes routes, Request request, ArtifactFlow flow) {
        this.routes = routes;
        this.request = request;
        this.flow = flow;
    }

    JSPromise<Response> start() {
        String length = request.getHeaders().get("content-length");
        // a declared oversized body is refused unread: reading it only to refuse it lets a client make the edge read
        if (length != null && declaredOver(length)) {
            return JSPromise.resolve(tooLarge());
        }
        JSPromise<Response> limit = flow.overLimit(RequestKind.ARTIFACTS);
        return limit == null ? read() : limit.flatThen(this::limited);
    }

    private JSPromise<Response> limited(Response refusal) {
        return refusal != null ? JSPromise.resolve(refusal) : read();
    }

    private JSPromise<Response> read() {
        if (!Request.hasBody(request)) {
            return JSPromise.resolve(empty());
        }
        return ClientBody.read(request, routes.maxBytes, routes.bodyTimeoutMillis).flatThen(this::received);
    }

    private JSPromise<Response> received(ClientBody body) {
        switch (body.getOutcome()) {
            case ClientBody.READ:
                break;
            case ClientBody.TOO_LARGE:
                return JSPromise.resolve(tooLarge());
            case ClientBody.TIMED_OUT:
                return refuse(
                        408,
                        "request_timeout",
                        "the content did not arrive within " + routes.bodyTimeoutMillis + " ms");
            default:
                return refuse(400, "invalid_artifact", "the content could not be read");
        }
        bytes = body.getBytes();
        if (bytes.getByteLength() == 0) {
            return JSPromise.resolve(empty());
        }
        String declared = ContentSniffer.declared(request.getHeaders().get(EdgeHeaders.CONTENT_TYPE));
        type = ContentSniffer.sniff(ContentBytes.first(bytes, ContentSniffer.HEAD_BYTES));
        if (type == null && declared.equals(ContentSniffer.TEXT) && ContentBytes.isPlainText(bytes)) {
            type = ContentSniffer.TEXT;
        }
        if (type == null || !type.equals(declared)) {
            return JSPromise.resolve(ArtifactRoutes.error(
                    415,
                    "unsupported_media_type",
                    (type == null ? "the content is of no allowed type" : "the content is " + type)
                            + ", declared " + (declared.isEmpty() ? "none" : declared) + " (docs/artifacts.md#types)",
                    "content",
                    flow));
        }
        return WebCrypto.sha256Hex(bytes).flatThen(this::hashed);
    }

    private JSPromise<Response> hashed(JSString hex) {
        sha256 = hex.stringValue();
        return R2Bucket.head(routes.bucket, ArtifactRoutes.KEY_PREFIX + sha256).flatThen(this::looked);
    }

    private JSPromise<Response> looked(R2Object existing) {
        if (existing != null) {
            return forward();
        }
        created = true;
        return R2Bucket.put(routes.bucket, ArtifactRoutes.KEY_PREFIX + sha256, bytes, type, sha256)
                .flatThen(this::stored);
    }

    private JSPromise<Response> stored(R2Object ignored) {
        return forward();
    }

    /** Step 3: the usual signed forward with the metadata as JSON; the client's Authorization and Idempotency-Key go along. */
    private JSPromise<Response> forward() {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("sha256")
                .value(sha256)
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
        return flow.forward(HEART, headers, ContentBytes.utf8(json.endObject().toString()))
                .flatThen(this::answered);
    }

    /** Step 5: heart's answer goes to the client unchanged, once a blob this request stored for nothing is gone. */
    private JSPromise<Response> answered(Response response) {
        int status = response.getStatus();
        boolean refused = (status >= 400 && status < 500) || "edge".equals(response.getHeaders().get(EdgeHeaders.EDGE_ORIGIN));
        if (!created || !refused) {
            return JSPromise.resolve(response);
        }
        answer = response;
        return R2Bucket.delete(routes.bucket, ArtifactRoutes.KEY_PREFIX + sha256).then(this::deleted);
    }

    private Response deleted(JSObject ignored) {
        return answer;
    }

    /** A declared length over the limit; more than nine digits is over any limit (and past an int). */
    private boolean declaredOver(String length) {
        for (int at = 0; at < length.length(); at++) {
            if (length.charAt(at) < '0' || length.charAt(at) > '9') {
                return false;
            }
        }
        return length.length() > 9 || (!length.isEmpty() && WholeNumbers.parseInt(length) > routes.maxBytes);
    }

    private Response tooLarge() {
        return ArtifactRoutes.error(
                413, "too_large", "the content exceeds " + routes.maxBytes + " bytes (ARTIFACT_MAX_BYTES)", "content", flow);
    }

    private Response empty() {
        return ArtifactRoutes.error(400, "invalid_artifact", "the content is empty", "content", flow);
    }

    private JSPromise<Response> refuse(int status, String code, String message) {
        return JSPromise.resolve(ArtifactRoutes.error(status, code, message, "content", flow));
    }
}

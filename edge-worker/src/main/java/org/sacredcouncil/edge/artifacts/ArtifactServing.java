package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.http.EtagMatch;
import org.sacredcouncil.edge.limits.RequestKind;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.R2Bucket;
import org.sacredcouncil.edge.platform.R2Object;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.function.JSMapping;

/**
 * {@code GET|HEAD /v1/artifacts/<sha256>} straight from R2, never forwarded (docs/artifacts.md#serving). The bytes
 * at an address never change, so the answer is cacheable for a year and its ETag is the address itself; the
 * headers keep a browser from reading an artifact as anything but its sniffed type, and from running it. Its own
 * promise callback, step by step, as {@link ArtifactUpload}.
 */
final class ArtifactServing implements JSMapping<JSObject, JSPromise<Response>> {

    private static final int LIMITED = 0;
    private static final int FOUND = 1;
    private static final int READ = 2;

    private final R2Bucket bucket;
    private final Request request;
    private final String sha256;
    private final ArtifactFlow flow;
    private int step;
    private Headers headers;
    private int[] range;

    ArtifactServing(R2Bucket bucket, Request request, String sha256, ArtifactFlow flow) {
        this.bucket = bucket;
        this.request = request;
        this.sha256 = sha256;
        this.flow = flow;
    }

    JSPromise<Response> start() {
        if (!ArtifactRoutes.isSha256(sha256)) {
            return JSPromise.resolve(
                    ArtifactRoutes.error(400, "invalid_id", "not 64 lowercase hex digits", "sha256", flow));
        }
        JSPromise<JSBoolean> limit = flow.withinLimit(RequestKind.READ);
        return limit == null ? look() : next(LIMITED, limit);
    }

    @Override
    public JSPromise<Response> apply(JSObject value) {
        switch (step) {
            case LIMITED:
                return ((JSBoolean) value).booleanValue() ? look() : JSPromise.resolve(flow.rateLimited());
            case FOUND:
                return found((R2Object) value);
            default:
                // gone between the head and the get: a delete in between (docs/artifacts.md#deleting)
                return JSPromise.resolve(
                        value == null
                                ? absent()
                                : R2Object.response((R2Object) value, range == null ? 200 : 206, headers));
        }
    }

    @SuppressWarnings("unchecked") // every step's value is a JS object; apply casts it to what the step awaited
    private JSPromise<Response> next(int then, JSPromise<? extends JSObject> promise) {
        step = then;
        return ((JSPromise<JSObject>) promise).flatThen(this);
    }

    private JSPromise<Response> look() {
        return next(FOUND, R2Bucket.head(bucket, ArtifactRoutes.KEY_PREFIX + sha256));
    }

    private JSPromise<Response> found(R2Object object) {
        if (object == null) {
            return JSPromise.resolve(absent());
        }
        int size = (int) object.getSize();
        String etag = "\"" + sha256 + "\"";
        headers = flow.headers();
        headers.set(EdgeHeaders.ETAG, etag);
        headers.set(EdgeHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
        headers.set("accept-ranges", "bytes");
        headers.set("x-content-type-options", "nosniff");
        headers.set("content-security-policy", "default-src 'none'; sandbox");
        headers.set("content-disposition", "inline");
        headers.set(EdgeHeaders.EDGE_ORIGIN, "edge");
        Headers asked = request.getHeaders();
        if (EtagMatch.matches(asked.get(EdgeHeaders.IF_NONE_MATCH), etag)) {
            return JSPromise.resolve(R2Object.response(null, 304, headers));
        }
        String type = R2Object.contentType(object);
        headers.set(EdgeHeaders.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
        boolean get = request.getMethod().equals("GET");
        String ifRange = asked.get("if-range");
        // Range is defined for GET only; an If-Range naming other bytes asks for the whole (RFC 9110 §13.1.5)
        range = get && (ifRange == null || ifRange.equals(etag)) ? ByteRange.of(asked.get("range"), size) : null;
        if (range == ByteRange.UNSATISFIABLE) {
            Response refused = ArtifactRoutes.error(
                    416, "range_not_satisfiable", "the artifact has " + size + " bytes", "Range", flow);
            refused.getHeaders().set("content-range", "bytes */" + size);
            return JSPromise.resolve(refused);
        }
        int length = size;
        if (range != null) {
            length = range[1] - range[0] + 1;
            headers.set("content-range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        }
        headers.set("content-length", "" + length);
        if (!get) {
            return JSPromise.resolve(R2Object.response(null, 200, headers));
        }
        return next(
                READ, R2Bucket.get(bucket, ArtifactRoutes.KEY_PREFIX + sha256, range == null ? 0 : range[0], length));
    }

    private Response absent() {
        return ArtifactRoutes.error(404, "not_found", "no artifact at this address", "sha256", flow);
    }
}

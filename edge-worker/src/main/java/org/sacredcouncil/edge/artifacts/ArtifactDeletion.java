package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.limits.RequestKind;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.R2Bucket;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.Response;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;
import org.teavm.jso.function.JSMapping;

/**
 * {@code DELETE /v1/artifacts/<id>} (docs/artifacts.md#deleting): heart decides (ownership, the tombstone) and
 * says whether another live record still points at the bytes; when none does, the blob goes from R2 before the
 * client hears heart's answer, which it gets unchanged. Its own promise callback, as {@link ArtifactUpload}.
 */
final class ArtifactDeletion implements JSMapping<JSObject, JSPromise<Response>> {

    private static final int LIMITED = 0;
    private static final int ANSWERED = 1;
    private static final int READ = 2;
    private static final int DELETED = 3;

    private final R2Bucket bucket;
    private final RequestTarget target;
    private final Request request;
    private final ArtifactFlow flow;
    private int step;
    private Response response;
    private String text;

    ArtifactDeletion(R2Bucket bucket, RequestTarget target, Request request, ArtifactFlow flow) {
        this.bucket = bucket;
        this.target = target;
        this.request = request;
        this.flow = flow;
    }

    JSPromise<Response> start() {
        JSPromise<JSBoolean> limit = flow.withinLimit(RequestKind.ARTIFACTS);
        return limit == null ? forward() : next(LIMITED, limit);
    }

    @Override
    public JSPromise<Response> apply(JSObject value) {
        switch (step) {
            case LIMITED:
                return ((JSBoolean) value).booleanValue() ? forward() : JSPromise.resolve(flow.rateLimited());
            case ANSWERED:
                response = (Response) value;
                return response.getStatus() == 202 ? next(READ, response.text()) : JSPromise.resolve(response);
            case READ:
                return read(((JSString) value).stringValue());
            default:
                return JSPromise.resolve(rebuilt());
        }
    }

    @SuppressWarnings("unchecked") // every step's value is a JS object; apply casts it to what the step awaited
    private JSPromise<Response> next(int then, JSPromise<? extends JSObject> promise) {
        step = then;
        return ((JSPromise<JSObject>) promise).flatThen(this);
    }

    private JSPromise<Response> forward() {
        return next(ANSWERED, flow.forward(target, request.getHeaders(), null));
    }

    private JSPromise<Response> read(String body) {
        text = body;
        String sha256 = null;
        try {
            JsonObject removed = JsonReader.parseObject(text);
            if (!removed.optBool("blobReferenced", true)) {
                sha256 = removed.optString("sha256", null);
            }
        } catch (RuntimeException e) {
            // not heart's shape: the blob stays (an unreferenced blob is the safe side, docs/artifacts.md#upload)
        }
        return ArtifactRoutes.isSha256(sha256)
                ? next(DELETED, R2Bucket.delete(bucket, ArtifactRoutes.KEY_PREFIX + sha256))
                : JSPromise.resolve(rebuilt());
    }

    /** heart's answer as it came; its body was read here, so the length is the new body's own. */
    private Response rebuilt() {
        Headers headers = Headers.copyOf(response.getHeaders());
        headers.delete("content-length");
        return Response.create(text, response.getStatus(), headers);
    }
}

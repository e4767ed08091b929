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
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.core.JSString;

/**
 * {@code DELETE /v1/artifacts/<id>} (docs/artifacts.md#deleting): heart decides (ownership, the tombstone) and
 * says whether another live record still points at the bytes; when none does, the blob goes from R2 before the
 * client hears heart's answer, which it gets unchanged.
 */
final class ArtifactDeletion {

    private final R2Bucket bucket;
    private final RequestTarget target;
    private final Request request;
    private final ArtifactFlow flow;
    private Response response;
    private String text;

    ArtifactDeletion(R2Bucket bucket, RequestTarget target, Request request, ArtifactFlow flow) {
        this.bucket = bucket;
        this.target = target;
        this.request = request;
        this.flow = flow;
    }

    JSPromise<Response> start() {
        JSPromise<Response> limit = flow.overLimit(RequestKind.ARTIFACTS);
        return limit == null ? forward() : limit.flatThen(this::limited);
    }

    private JSPromise<Response> limited(Response refusal) {
        return refusal != null ? JSPromise.resolve(refusal) : forward();
    }

    private JSPromise<Response> forward() {
        return flow.forward(target, request.getHeaders(), null).flatThen(this::answered);
    }

    private JSPromise<Response> answered(Response answer) {
        if (answer.getStatus() != 202) {
            return JSPromise.resolve(answer);
        }
        response = answer;
        return answer.text().flatThen(this::read);
    }

    private JSPromise<Response> read(JSString body) {
        text = body.stringValue();
        String sha256 = null;
        try {
            JsonObject removed = JsonReader.parseObject(text);
            if (!removed.optBool("blobReferenced", true)) {
                sha256 = removed.optString("sha256", null);
            }
        } catch (RuntimeException e) {
            // not heart's shape: the blob stays (an unreferenced blob is the safe side, docs/artifacts.md#upload)
        }
        if (!ArtifactRoutes.isSha256(sha256)) {
            return JSPromise.resolve(rebuilt());
        }
        return R2Bucket.delete(bucket, ArtifactRoutes.KEY_PREFIX + sha256).then(this::deleted);
    }

    private Response deleted(JSObject ignored) {
        return rebuilt();
    }

    /** heart's answer as it came; its body was read here, so the length is the new body's own. */
    private Response rebuilt() {
        Headers headers = Headers.copyOf(response.getHeaders());
        headers.delete("content-length");
        return Response.create(text, response.getStatus(), headers);
    }
}

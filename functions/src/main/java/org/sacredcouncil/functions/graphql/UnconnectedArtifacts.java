package org.sacredcouncil.functions.graphql;

import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * Artifacts before heart serves them: every artifact field answers a field error {@code unavailable}
 * (status 503 for the mutation), so the schema can already carry them. The connection is one class over
 * {@link RestCall} ({@code GET /v1/artifacts?…}, {@code DELETE /v1/artifacts/{id}}), put in
 * {@code heart.GraphqlRoute} where this one is.
 */
public final class UnconnectedArtifacts implements ArtifactReads, ArtifactWrites {

    @Override
    public JsonResponse list(RestCall rest, String agentId, String messageId, Integer first, String after) {
        return unavailable();
    }

    @Override
    public JsonResponse delete(RestCall rest, String id) {
        return unavailable();
    }

    private static JsonResponse unavailable() {
        return JsonResponse.error(new ApiError(503, "unavailable", null, "artifacts are not served by this heart yet"));
    }
}

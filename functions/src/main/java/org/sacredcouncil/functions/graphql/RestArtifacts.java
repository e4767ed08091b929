package org.sacredcouncil.functions.graphql;

import java.sql.SQLException;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * Artifacts through heart's artifact routes (docs/artifacts.md#listing, #deleting), like every other field:
 * {@code GET /v1/artifacts} and {@code DELETE /v1/artifacts/{id}} through {@code heart.GraphqlRoute}.
 */
public final class RestArtifacts implements ArtifactReads, ArtifactWrites {

    @Override
    public JsonResponse list(RestCall rest, String agentId, String messageId, Integer first, String after)
            throws SQLException, LiveViewException, PublishFailedException {
        return rest.call(
                "GET",
                RestTargets.of(
                        "/v1/artifacts", "agentId", agentId, "messageId", messageId, "limit", first, "cursor", after),
                null);
    }

    @Override
    public JsonResponse delete(RestCall rest, String id)
            throws SQLException, LiveViewException, PublishFailedException {
        return rest.call("DELETE", "/v1/artifacts/" + RestTargets.segment(id), null);
    }
}

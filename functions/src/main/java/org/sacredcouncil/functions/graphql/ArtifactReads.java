package org.sacredcouncil.functions.graphql;

import java.sql.SQLException;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * The artifact listing behind {@code Query.artifacts} and {@code Message.artifacts}: the answer of
 * {@code GET /v1/artifacts?agentId|messageId&limit&cursor} (docs/artifacts.md#listing), status and body
 * ({@link RestArtifacts}).
 */
@FunctionalInterface
public interface ArtifactReads {

    /** Exactly one of {@code agentId} and {@code messageId} should be given (REST refuses otherwise). */
    JsonResponse list(RestCall rest, String agentId, String messageId, Integer first, String after)
            throws SQLException, LiveViewException, PublishFailedException;
}

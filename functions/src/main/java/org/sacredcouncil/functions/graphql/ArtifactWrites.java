package org.sacredcouncil.functions.graphql;

import java.sql.SQLException;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.PublishFailedException;

/**
 * The write behind {@code Mutation.deleteArtifact}: the answer of {@code DELETE /v1/artifacts/{id}}
 * (docs/artifacts.md#deleting). ({@link RestArtifacts})
 */
@FunctionalInterface
public interface ArtifactWrites {

    JsonResponse delete(RestCall rest, String id) throws SQLException, LiveViewException, PublishFailedException;
}

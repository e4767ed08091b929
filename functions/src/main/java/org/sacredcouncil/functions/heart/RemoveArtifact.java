package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.artifact.ArtifactId;
import org.sacredcouncil.core.event.ArtifactRemoved;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.ArtifactStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.StoredArtifact;

/**
 * {@code DELETE /v1/artifacts/{id}} (docs/artifacts.md#deleting): the owner removes its record, published as
 * {@code council.artifact.removed} under the id derived from the artifact (one removal per artifact, however
 * often it is retried). {@code blobReferenced} tells the edge whether another live record still needs the blob.
 */
final class RemoveArtifact implements Handler {

    private final Database database;
    private final BearerAuth auth;
    private final ArtifactStore artifacts;
    private final IdempotentWrite writes;
    private final EventPublisher publisher;
    private final String topic;

    RemoveArtifact(HeartParts parts) {
        this.database = parts.database();
        this.auth = parts.auth();
        this.artifacts = parts.artifacts();
        this.writes = parts.writes();
        this.publisher = parts.publisher();
        this.topic = parts.topic();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, PublishFailedException, LiveViewException {
        Agent agent = auth.authenticate(request);
        String id = path.get("id");
        ApiError.requireCleanLabel("id", id);
        if (!ArtifactId.isWellFormed(id)) {
            throw ApiError.invalid("id", ArtifactId.RULE);
        }
        // Without an Idempotency-Key the work just runs: the event id is the artifact's, so a repeat publishes
        // the same event, and once memory has recorded the removal a repeat is 404 (docs/artifacts.md#deleting).
        // With a key, its first answer is the answer, 202 or refusal, as for every keyed write.
        String operation = "DELETE /v1/artifacts/" + id;
        return writes.run(request, new IdempotentWrite.Request(agent.id(), operation, ""), false, stableId -> {
            StoredArtifact found = artifacts
                    .find(id)
                    .filter(a -> !a.removed())
                    .orElseThrow(() -> new ApiError(404, "not_found", "id", "no live artifact '" + id + "'"));
            if (!found.agentId().equals(agent.id())) {
                throw new ApiError(403, "forbidden", "id", "the artifact is another agent's");
            }
            long now = System.currentTimeMillis();
            // read before publishing: the answer is about the other records, which this removal does not change
            boolean referenced = artifacts.otherLiveReference(found.sha256(), id);
            String eventId = ArtifactId.removedEventId(id);
            publisher.publish(topic, new ArtifactRemoved(eventId, now, id, agent.id(), agent.region(), found.sha256()));
            JsonWriter w = new JsonWriter()
                    .beginObject()
                    .name("artifactId")
                    .value(id)
                    .name("sha256")
                    .value(found.sha256())
                    .name("blobReferenced")
                    .value(referenced)
                    .name("eventId")
                    .value(eventId)
                    .endObject();
            return IdempotentWrite.Outcome.same(new JsonResponse(202, w.toString()));
        });
    }
}

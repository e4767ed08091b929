package org.sacredcouncil.core.event;

import org.sacredcouncil.core.artifact.ArtifactRules;
import org.sacredcouncil.core.artifact.ArtifactTypes;

/**
 * An agent added an artifact record (docs/artifacts.md#events): the blob is already in R2 under
 * {@code sha256}. {@code region} is the agent's home region (the log's region column).
 */
public record ArtifactAdded(
        String id,
        long timeMillis,
        String artifactId,
        String agentId,
        String region,
        String sha256,
        String contentType,
        long size,
        String name,
        String messageId,
        long addedAtMillis)
        implements CouncilEvent {

    public ArtifactAdded {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
        CouncilEvent.requireArtifact(artifactId, sha256);
        if (!ArtifactTypes.isAllowed(contentType)) {
            throw new IllegalArgumentException("contentType must be one of " + ArtifactTypes.ALLOWED);
        }
        if (size < 1 || size > ArtifactRules.MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to 2^53-1");
        }
    }

    @Override
    public String type() {
        return EventTypes.ARTIFACT_ADDED;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

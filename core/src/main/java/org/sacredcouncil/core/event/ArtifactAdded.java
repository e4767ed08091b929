package org.sacredcouncil.core.event;

import org.sacredcouncil.core.artifact.ArtifactRules;
import org.sacredcouncil.core.artifact.ArtifactTypes;

/**
 * An agent added an artifact record (docs/artifacts.md#events): the blob is already in R2 under
 * {@code sha256}. {@code region} is the agent's home region (the log's region column). The event's time is
 * when heart accepted it, the record's {@code addedAt}.
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
        String messageId)
        implements CouncilEvent {

    public ArtifactAdded {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
        CouncilEvent.requireArtifact(artifactId, sha256);
        if (!ArtifactTypes.isAllowed(contentType)) {
            throw new IllegalArgumentException("contentType not allowed");
        }
        if (size < 1 || size > ArtifactRules.MAX_SIZE) {
            throw new IllegalArgumentException("size out of range");
        }
    }

    /** The record's {@code addedAt}: the event's own time (written as {@code data.addedAt} too). */
    public long addedAtMillis() {
        return timeMillis;
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

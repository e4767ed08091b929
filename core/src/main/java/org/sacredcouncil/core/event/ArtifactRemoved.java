package org.sacredcouncil.core.event;

/**
 * An agent removed its artifact record (docs/artifacts.md#events); memory keeps the row as a tombstone, so a
 * late {@link ArtifactAdded} of the same artifact cannot bring it back.
 */
public record ArtifactRemoved(
        String id, long timeMillis, String artifactId, String agentId, String region, String sha256)
        implements CouncilEvent {

    public ArtifactRemoved {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
        CouncilEvent.requireArtifact(artifactId, sha256);
    }

    /** When it was removed: the event's own time (written as {@code data.removedAt} too). */
    public long removedAtMillis() {
        return timeMillis;
    }

    @Override
    public String type() {
        return EventTypes.ARTIFACT_REMOVED;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

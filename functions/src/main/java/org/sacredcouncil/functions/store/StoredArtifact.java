package org.sacredcouncil.functions.store;

/**
 * A row of {@code artifacts} (docs/artifacts.md#model). A tombstone written by a removal that overtook its added
 * event knows only id, agent, blob and removal time: {@code contentType} and {@code name} are null, {@code size}
 * and {@code addedAtMillis} 0 then. {@code removedAtMillis} is null while the artifact is live.
 */
public record StoredArtifact(
        String id,
        String agentId,
        String sha256,
        String contentType,
        long size,
        String name,
        String messageId,
        long addedAtMillis,
        Long removedAtMillis) {

    public boolean removed() {
        return removedAtMillis != null;
    }
}

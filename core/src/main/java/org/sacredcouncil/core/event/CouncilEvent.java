package org.sacredcouncil.core.event;

/**
 * An event of the council's log. {@code id} is unique per event and is the idempotency key everywhere;
 * {@code timeMillis} is when it happened (not when it was delivered), so folds are order-independent.
 */
public sealed interface CouncilEvent
        permits MessageSent, AgentJoined, AgentLeft, PresenceBeat, FieldUpdated, ArtifactAdded, ArtifactRemoved {

    /**
     * Every event's constructor refuses what {@link EventCodec} would refuse to decode (found by
     * {@code EventCodecFuzzTest}): an event that can be built can be published and read back.
     */
    static void requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("event id is required");
        }
    }

    static void requireAgentAndRegion(String agentId, String region) {
        if (agentId == null) {
            throw new IllegalArgumentException("agentId is required");
        }
        if (region == null) {
            throw new IllegalArgumentException("region is required");
        }
    }

    /** An artifact event names its artifact and a blob address the codec reads back (docs/artifacts.md#events). */
    static void requireArtifact(String artifactId, String sha256) {
        if (artifactId == null || artifactId.isEmpty()) {
            throw new IllegalArgumentException("artifactId is required");
        }
        if (!org.sacredcouncil.core.artifact.ArtifactRules.isSha256(sha256)) {
            throw new IllegalArgumentException("sha256 is not 64 lowercase hex");
        }
    }

    String id();

    long timeMillis();

    /** The CloudEvents {@code type}, e.g. {@code council.message.sent}. */
    String type();

    /** The agent the event is about, or null (used as CloudEvents {@code subject} and Pub/Sub ordering key). */
    String subject();

    /**
     * The region the event happened in (docs/contracts.md#regions), or null for what belongs to no region
     * (a field update is the whole council's). Stored as the log's {@code region} column.
     */
    String region();
}

package org.sacredcouncil.core.event;

/** The CloudEvents types of docs/architecture.md#events. */
public final class EventTypes {

    public static final String MESSAGE_SENT = "council.message.sent";
    public static final String AGENT_JOINED = "council.agent.joined";
    public static final String AGENT_LEFT = "council.agent.left";
    public static final String PRESENCE_BEAT = "council.presence.beat";
    public static final String FIELD_UPDATED = "council.field.updated";
    public static final String ARTIFACT_ADDED = "council.artifact.added";
    public static final String ARTIFACT_REMOVED = "council.artifact.removed";

    private EventTypes() {}
}

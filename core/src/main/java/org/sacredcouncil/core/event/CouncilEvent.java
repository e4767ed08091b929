package org.sacredcouncil.core.event;

/**
 * An event of the council's log. {@code id} is unique per event and is the idempotency key everywhere;
 * {@code timeMillis} is when it happened (not when it was delivered), so folds are order-independent.
 */
public sealed interface CouncilEvent permits MessageSent, AgentJoined, AgentLeft, PresenceBeat, FieldUpdated {

    String id();

    long timeMillis();

    /** The CloudEvents {@code type}, e.g. {@code council.message.sent}. */
    String type();

    /** The agent the event is about, or null (used as CloudEvents {@code subject} and Pub/Sub ordering key). */
    String subject();
}

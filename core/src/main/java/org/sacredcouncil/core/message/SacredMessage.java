package org.sacredcouncil.core.message;

/** A message as accepted by heart: validated, with its id and the time it arrived. */
public record SacredMessage(
        String id, String agentId, MessageType type, String text, String region, long sentAtMillis) {

    public SacredMessage {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("message id is required");
        }
        if (agentId == null || agentId.isEmpty()) {
            throw new IllegalArgumentException("agentId is required");
        }
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        if (region == null) {
            throw new IllegalArgumentException("region is required");
        }
    }
}

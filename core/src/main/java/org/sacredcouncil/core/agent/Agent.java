package org.sacredcouncil.core.agent;

/** A member of the council: a person or an AI agent, at home in one region. */
public record Agent(String id, String name, String region, long joinedAtMillis) {

    public Agent {
        if (!AgentRules.isValidId(id)) {
            throw new IllegalArgumentException("agent id: " + AgentRules.ID_RULE);
        }
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException("agent name is required");
        }
        if (!AgentRules.isValidRegion(region)) {
            throw new IllegalArgumentException("agent region: " + AgentRules.REGION_RULE);
        }
    }
}

package org.sacredcouncil.core.event;

public record AgentLeft(String id, long timeMillis, String agentId, String region) implements CouncilEvent {

    @Override
    public String type() {
        return EventTypes.AGENT_LEFT;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

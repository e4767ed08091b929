package org.sacredcouncil.core.event;

public record AgentJoined(String id, long timeMillis, String agentId, String region, String name)
        implements CouncilEvent {

    @Override
    public String type() {
        return EventTypes.AGENT_JOINED;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

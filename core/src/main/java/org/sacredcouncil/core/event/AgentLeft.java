package org.sacredcouncil.core.event;

public record AgentLeft(String id, long timeMillis, String agentId, String region) implements CouncilEvent {

    public AgentLeft {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
    }

    @Override
    public String type() {
        return EventTypes.AGENT_LEFT;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

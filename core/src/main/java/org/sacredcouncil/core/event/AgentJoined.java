package org.sacredcouncil.core.event;

public record AgentJoined(String id, long timeMillis, String agentId, String region, String name)
        implements CouncilEvent {

    public AgentJoined {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
    }

    @Override
    public String type() {
        return EventTypes.AGENT_JOINED;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

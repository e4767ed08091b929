package org.sacredcouncil.core.event;

public record PresenceBeat(String id, long timeMillis, String agentId, String region) implements CouncilEvent {

    public PresenceBeat {
        CouncilEvent.requireId(id);
        CouncilEvent.requireAgentAndRegion(agentId, region);
    }

    @Override
    public String type() {
        return EventTypes.PRESENCE_BEAT;
    }

    @Override
    public String subject() {
        return agentId;
    }
}

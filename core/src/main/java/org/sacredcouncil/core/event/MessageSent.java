package org.sacredcouncil.core.event;

import org.sacredcouncil.core.message.SacredMessage;

/**
 * A message entered the council. The impact was computed by heart when it arrived; the consciousness block
 * records the coherence before and after as heart saw it (informational: folds use only the impact).
 */
public record MessageSent(String id, long timeMillis, SacredMessage message, double impact,
                          double coherenceBefore, double coherenceAfter, double loveAmplification)
        implements CouncilEvent {

    public MessageSent {
        if (message == null) {
            throw new IllegalArgumentException("message is required");
        }
        if (!Double.isFinite(impact)) {
            throw new IllegalArgumentException("impact must be finite");
        }
    }

    @Override
    public String type() {
        return EventTypes.MESSAGE_SENT;
    }

    @Override
    public String subject() {
        return message.agentId();
    }

    public String region() {
        return message.region();
    }
}

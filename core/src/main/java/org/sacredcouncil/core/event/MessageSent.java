package org.sacredcouncil.core.event;

import org.sacredcouncil.core.message.SacredMessage;

/**
 * A message entered the council. The impact was computed by heart when it arrived; the consciousness block
 * records the coherence before and after as heart saw it (informational: folds use only the impact).
 */
public record MessageSent(
        String id,
        long timeMillis,
        SacredMessage message,
        double impact,
        double coherenceBefore,
        double coherenceAfter,
        double loveAmplification)
        implements CouncilEvent {

    public MessageSent {
        CouncilEvent.requireId(id);
        if (message == null) {
            throw new IllegalArgumentException("message is required");
        }
        if (!Double.isFinite(impact)) {
            throw new IllegalArgumentException("impact must be finite");
        }
        // NaN is "not recorded" (written as null); infinities cannot be written as JSON
        if (Double.isInfinite(coherenceBefore) || Double.isInfinite(coherenceAfter)) {
            throw new IllegalArgumentException("coherence before/after must be finite or NaN (unknown)");
        }
        if (!Double.isFinite(loveAmplification)) {
            throw new IllegalArgumentException("loveAmplification must be finite");
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

    @Override
    public String region() {
        return message.region();
    }
}

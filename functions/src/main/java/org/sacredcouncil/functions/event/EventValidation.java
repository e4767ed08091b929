package org.sacredcouncil.functions.event;

import java.util.List;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.Violation;

/** Checks that a decoded event is one heart could have published; anything else is permanently bad. */
public final class EventValidation {

    private EventValidation() {
    }

    /** @throws EventFormatException naming the first reason */
    public static CouncilEvent requireValid(CouncilEvent event) {
        if (event instanceof MessageSent m) {
            List<Violation> violations = MessageRules.validate(m.message().type().wire(), m.message().text(),
                    m.message().region());
            if (!violations.isEmpty()) {
                throw new EventFormatException("invalid message: " + violations);
            }
            if (Math.abs(m.impact()) > ImpactModel.MAX_IMPACT) {
                throw new EventFormatException("impact " + m.impact() + " outside +-" + ImpactModel.MAX_IMPACT);
            }
        }
        return event;
    }
}

package org.sacredcouncil.core.event;

import org.sacredcouncil.core.field.FieldState;

public record FieldUpdated(String id, long timeMillis, FieldState field) implements CouncilEvent {

    public FieldUpdated {
        CouncilEvent.requireId(id);
        if (field == null) {
            throw new IllegalArgumentException("field is required");
        }
    }

    @Override
    public String type() {
        return EventTypes.FIELD_UPDATED;
    }

    @Override
    public String subject() {
        return null;
    }

    @Override
    public String region() {
        return null;
    }
}

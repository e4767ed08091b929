package org.sacredcouncil.core.event;

/**
 * An event that can never be processed (undecodable or invalid). Handlers treat it as permanent: park it on
 * the dead-letter topic and acknowledge, instead of letting Pub/Sub retry it for a day.
 */
public final class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

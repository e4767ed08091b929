package org.sacredcouncil.functions.event;

/**
 * A failure worth retrying (database or Firestore unreachable, publish failed). Thrown out of a
 * CloudEventsFunction so the invoker answers 500 and Pub/Sub redelivers with backoff.
 */
public final class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

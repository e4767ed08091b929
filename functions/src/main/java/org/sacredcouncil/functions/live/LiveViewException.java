package org.sacredcouncil.functions.live;

/** Firestore could not be written or read: transient (the event is retried). */
public final class LiveViewException extends Exception {

    public LiveViewException(String message, Throwable cause) {
        super(message, cause);
    }
}

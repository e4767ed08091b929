package org.sacredcouncil.functions.publish;

/** Pub/Sub did not accept a message: transient from the caller's point of view. */
public final class PublishFailedException extends Exception {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

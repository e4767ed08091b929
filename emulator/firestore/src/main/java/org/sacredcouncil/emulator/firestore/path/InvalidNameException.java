package org.sacredcouncil.emulator.firestore.path;

/** A resource name a client sent that is not a Firestore name; surfaces as INVALID_ARGUMENT. */
public final class InvalidNameException extends IllegalArgumentException {
    public InvalidNameException(String message) {
        super(message);
    }
}

package org.sacredcouncil.emulator.firestore.rules;

/**
 * A rules file this engine refuses at load time: bad syntax, or a construct it does not implement
 * (so that an unsupported rule can never be silently skipped and end up allowing a request).
 */
public final class RulesSyntaxException extends RuntimeException {
    public RulesSyntaxException(String message) {
        super(message);
    }
}

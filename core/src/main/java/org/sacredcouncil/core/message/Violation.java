package org.sacredcouncil.core.message;

/** One reason an input is refused: which field, and why, in words a client developer can act on. */
public record Violation(String field, String reason) {

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}

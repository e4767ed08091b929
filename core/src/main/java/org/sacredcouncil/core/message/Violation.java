package org.sacredcouncil.core.message;

/**
 * One reason an input is refused: which field, why (in words a client developer can act on), and the
 * error code of docs/contracts.md#errors: {@code invalid_text} for text hygiene, {@code invalid_field} for
 * every other rule.
 */
public record Violation(String field, String reason, String code) {

    public static final String INVALID_FIELD = "invalid_field";
    public static final String INVALID_TEXT = "invalid_text";

    public Violation(String field, String reason) {
        this(field, reason, INVALID_FIELD);
    }

    public static Violation invalidText(String field, String reason) {
        return new Violation(field, reason, INVALID_TEXT);
    }

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}

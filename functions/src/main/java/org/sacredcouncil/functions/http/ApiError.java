package org.sacredcouncil.functions.http;

import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.core.text.TextHygiene;

/**
 * A refused request: HTTP status, a stable machine code, the offending field (or null) and why. The field
 * is named as docs/contracts.md#errors says: a JSON field by its name, a header as {@code header:Name},
 * a query parameter as {@code query:name}.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiError(int status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiError invalid(String field, String reason) {
        return new ApiError(400, Violation.INVALID_FIELD, field, reason);
    }

    public static ApiError invalidText(String field, String reason) {
        return new ApiError(400, Violation.INVALID_TEXT, field, reason);
    }

    public static ApiError of(Violation violation) {
        return new ApiError(400, violation.code(), violation.field(), violation.reason());
    }

    /** Refuses text that breaks {@link TextHygiene} (single-line label rules) with {@code invalid_text}. */
    public static void requireCleanLabel(String field, String value) {
        String problem = TextHygiene.problem(value, TextHygiene.Kind.LABEL);
        if (problem != null) {
            throw invalidText(field, problem);
        }
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}

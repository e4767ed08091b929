package org.sacredcouncil.functions.http;

/** A refused request: HTTP status, a stable machine code, the offending field (or null) and why. */
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
        return new ApiError(400, "invalid_field", field, reason);
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

package org.sacredcouncil.core.json;

/** Malformed or unexpected JSON. The message names the position or the field, for error responses. */
public final class JsonException extends IllegalArgumentException {

    private final String field;

    public JsonException(String message) {
        this(null, message);
    }

    public JsonException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field path (e.g. {@code message.text}), or null when the document itself is malformed. */
    public String field() {
        return field;
    }
}

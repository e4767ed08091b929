package org.sacredcouncil.functions.graphql;

import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * A field's REST refusal, as a GraphQL field error whose {@code extensions} are the REST error's {@code code} and
 * {@code field} (docs/graphql.md#http). Thrown by resolvers, turned into the error by {@link FieldErrors}.
 */
final class FieldFailure extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    FieldFailure(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** The REST answer's {@code {"error": {code, message, field?}}} (docs/contracts.md#errors). */
    static FieldFailure of(JsonResponse rest) {
        try {
            JsonObject error = JsonReader.parseObject(rest.body()).object("error");
            return new FieldFailure(
                    rest.status(),
                    error.string("code"),
                    error.optString("field", null),
                    error.optString("message", error.string("code")));
        } catch (RuntimeException e) {
            return new FieldFailure(rest.status(), "internal", null, "status " + rest.status());
        }
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}

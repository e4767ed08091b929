package org.sacredcouncil.functions.graphql;

import graphql.language.SourceLocation;
import java.util.List;

/**
 * A request error (docs/graphql.md#http): nothing was executed; answered {@code status} (400 unless said)
 * with {@code {"errors":[{"message","locations"?,"extensions":{"code","field"?}}]}}.
 */
final class GraphqlRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final transient List<SourceLocation> locations;

    GraphqlRefusal(int status, String code, String field, String message, List<SourceLocation> locations) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.locations = locations == null ? List.of() : List.copyOf(locations);
    }

    static GraphqlRefusal of(String code, String field, String message) {
        return new GraphqlRefusal(400, code, field, message, null);
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

    List<SourceLocation> locations() {
        return locations;
    }
}

package org.sacredcouncil.functions.graphql;

import graphql.language.SourceLocation;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.JsonResponse;

/**
 * GraphQL answers as JSON, written with core's {@link JsonWriter} (heart's JSON boundary; no Jackson on the
 * functions' runtime classpath). Media type {@code application/graphql-response+json} (docs/graphql.md#http).
 */
final class GraphqlJson {

    static final String MEDIA_TYPE = "application/graphql-response+json; charset=utf-8";

    private GraphqlJson() {}

    /** A value of graphql-java's result: maps, lists, strings, numbers, booleans, null. */
    static void write(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof Map<?, ?> map) {
            w.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(w, e.getValue());
            }
            w.endObject();
        } else if (value instanceof Iterable<?> list) {
            w.beginArray();
            for (Object item : list) {
                write(w, item);
            }
            w.endArray();
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            w.value(((Number) value).longValue());
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                w.nullValue();
            } else {
                w.value(d);
            }
        } else {
            w.value(String.valueOf(value));
        }
    }

    static String toJson(Object value) {
        JsonWriter w = new JsonWriter();
        write(w, value);
        return w.toString();
    }

    /** A request error's answer (nothing executed). */
    static JsonResponse refusal(GraphqlRefusal r, Map<String, String> headers) {
        return new JsonResponse(
                r.status(), errors(r.code(), r.field(), r.getMessage(), r.locations()), MEDIA_TYPE, headers);
    }

    static String errors(String code, String field, String message, List<SourceLocation> locations) {
        JsonWriter w =
                new JsonWriter().beginObject().name("errors").beginArray().beginObject();
        w.name("message").value(message == null ? code : message);
        if (locations != null && !locations.isEmpty()) {
            w.name("locations").beginArray();
            for (SourceLocation l : locations) {
                w.beginObject()
                        .name("line")
                        .value((long) l.getLine())
                        .name("column")
                        .value((long) l.getColumn())
                        .endObject();
            }
            w.endArray();
        }
        w.name("extensions").beginObject().name("code").value(code);
        if (field != null) {
            w.name("field").value(field);
        }
        return w.endObject().endObject().endArray().endObject().toString();
    }
}

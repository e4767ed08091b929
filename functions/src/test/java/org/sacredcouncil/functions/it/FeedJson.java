package org.sacredcouncil.functions.it;

import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonWriter;

/** Writes a parsed JSON tree back to text (numbers are doubles in core's tree; JsonWriter keeps them exact). */
final class FeedJson {

    private FeedJson() {}

    static String of(JsonObject object) {
        JsonWriter w = new JsonWriter();
        write(w, object.asMap());
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof Map<?, ?> map) {
            w.beginObject();
            ((Map<String, Object>) map).forEach((k, v) -> {
                w.name(k);
                write(w, v);
            });
            w.endObject();
        } else if (value instanceof List<?> list) {
            w.beginArray();
            list.forEach(v -> write(w, v));
            w.endArray();
        } else if (value instanceof JsonObject o) {
            write(w, o.asMap());
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Double d) {
            w.value(d.doubleValue());
        } else if (value instanceof Boolean b) {
            w.value(b.booleanValue());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }
}

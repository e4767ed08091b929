package org.sacredcouncil.edge.hub;

import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * Writes back a value as {@code JsonReader} parsed it (maps, lists, strings, doubles, booleans, null): the
 * hub passes parts of frames on — a {@code send}'s message body, a glyph list — without knowing their shape.
 */
public final class JsonValues {

    private JsonValues() {}

    public static String write(Object value) {
        JsonWriter w = new JsonWriter();
        write(w, value);
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    public static void write(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof String) {
            w.value((String) value);
        } else if (value instanceof Boolean) {
            w.value(((Boolean) value).booleanValue());
        } else if (value instanceof Double) {
            w.value(((Double) value).doubleValue()); // whole numbers come out whole, as the client wrote them
        } else if (value instanceof Map) {
            w.beginObject();
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) value).entrySet()) {
                w.name(entry.getKey());
                write(w, entry.getValue());
            }
            w.endObject();
        } else if (value instanceof List) {
            w.beginArray();
            for (Object item : (List<Object>) value) {
                write(w, item);
            }
            w.endArray();
        } else {
            w.nullValue(); // JsonReader yields nothing else
        }
    }
}

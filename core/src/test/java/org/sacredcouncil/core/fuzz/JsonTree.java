package org.sacredcouncil.core.fuzz;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;

/** Writes and compares the plain trees {@code JsonReader.parse} returns (the fuzz tests' oracle). */
final class JsonTree {

    private JsonTree() {}

    static String write(Object tree) {
        JsonWriter w = new JsonWriter();
        write(w, tree);
        return w.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonWriter w, Object value) {
        if (value == null) {
            w.nullValue();
        } else if (value instanceof String s) {
            w.value(s);
        } else if (value instanceof Double d) {
            w.value(d);
        } else if (value instanceof Boolean b) {
            w.value(b);
        } else if (value instanceof Map<?, ?> map) {
            w.beginObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                w.name(e.getKey());
                write(w, e.getValue());
            }
            w.endObject();
        } else if (value instanceof List<?> list) {
            w.beginArray();
            for (Object item : list) {
                write(w, item);
            }
            w.endArray();
        } else {
            throw new AssertionError("JsonReader returned a " + value.getClass());
        }
    }

    /** Structural equality; numbers compare with {@code ==} (so -0 equals 0, as JSON does not tell them apart). */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object key : x.keySet()) {
                if (!same(x.get(key), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = y.iterator();
            for (Object item : x) {
                if (!same(item, i.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }
}

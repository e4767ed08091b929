package org.sacredcouncil.emulator.firestore.value;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and rewrites nested fields of a document's field map without mutating the input. */
public final class Fields {
    private Fields() {}

    /** The value at a path, or null when absent (a missing intermediate map counts as absent). */
    public static Value get(Map<String, Value> fields, FieldPath path) {
        Map<String, Value> cur = fields;
        List<String> segs = path.segments();
        for (int i = 0; i < segs.size(); i++) {
            Value v = cur.get(segs.get(i));
            if (v == null) {
                return null;
            }
            if (i == segs.size() - 1) {
                return v;
            }
            if (v.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
                return null;
            }
            cur = v.getMapValue().getFieldsMap();
        }
        return null;
    }

    /** Sets a value, creating (or replacing non-map) intermediate maps. */
    public static Map<String, Value> set(Map<String, Value> fields, FieldPath path, Value value) {
        return set(fields, path.segments(), 0, value);
    }

    private static Map<String, Value> set(Map<String, Value> fields, List<String> segs, int i, Value value) {
        Map<String, Value> out = new LinkedHashMap<>(fields);
        String key = segs.get(i);
        if (i == segs.size() - 1) {
            out.put(key, value);
            return out;
        }
        Value existing = fields.get(key);
        Map<String, Value> child = existing != null && existing.getValueTypeCase() == Value.ValueTypeCase.MAP_VALUE
                ? existing.getMapValue().getFieldsMap()
                : Map.of();
        out.put(key, mapValue(set(child, segs, i + 1, value)));
        return out;
    }

    public static Map<String, Value> delete(Map<String, Value> fields, FieldPath path) {
        return delete(fields, path.segments(), 0);
    }

    private static Map<String, Value> delete(Map<String, Value> fields, List<String> segs, int i) {
        String key = segs.get(i);
        if (!fields.containsKey(key)) {
            return fields;
        }
        Map<String, Value> out = new LinkedHashMap<>(fields);
        if (i == segs.size() - 1) {
            out.remove(key);
            return out;
        }
        Value existing = fields.get(key);
        if (existing.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
            return fields;
        }
        out.put(key, mapValue(delete(existing.getMapValue().getFieldsMap(), segs, i + 1)));
        return out;
    }

    public static Value mapValue(Map<String, Value> fields) {
        return Value.newBuilder()
                .setMapValue(MapValue.newBuilder().putAllFields(fields))
                .build();
    }

    /** Keeps only the listed paths (a projection / read mask). */
    public static Map<String, Value> project(Map<String, Value> fields, List<FieldPath> paths) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (FieldPath p : paths) {
            Value v = get(fields, p);
            if (v != null) {
                out = set(out, p, v);
            }
        }
        return out;
    }
}

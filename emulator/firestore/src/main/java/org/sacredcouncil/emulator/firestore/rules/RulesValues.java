package org.sacredcouncil.emulator.firestore.rules;

import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;

/** Rules values (null, Boolean, Long, Double, String, List, Map, Instant, RulesPath, bytes, LatLng) and their operators. */
final class RulesValues {
    private RulesValues() {}

    /** A geo point. */
    record LatLng(double latitude, double longitude) {}

    static Object fromFirestore(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE:
                return null;
            case BOOLEAN_VALUE:
                return v.getBooleanValue();
            case INTEGER_VALUE:
                return v.getIntegerValue();
            case DOUBLE_VALUE:
                return v.getDoubleValue();
            case TIMESTAMP_VALUE:
                return Instant.ofEpochSecond(
                        v.getTimestampValue().getSeconds(),
                        v.getTimestampValue().getNanos());
            case STRING_VALUE:
                return v.getStringValue();
            case BYTES_VALUE:
                return v.getBytesValue();
            case REFERENCE_VALUE: {
                ResourceName n = ResourceName.parse(v.getReferenceValue());
                return documentPath(n);
            }
            case GEO_POINT_VALUE:
                return new LatLng(
                        v.getGeoPointValue().getLatitude(), v.getGeoPointValue().getLongitude());
            case ARRAY_VALUE: {
                List<Object> out = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(x -> out.add(fromFirestore(x)));
                return out;
            }
            case MAP_VALUE:
                return fromFields(v.getMapValue().getFieldsMap());
            default:
                throw new RulesEvaluationException("Unsupported value type " + v.getValueTypeCase());
        }
    }

    static Map<String, Object> fromFields(Map<String, Value> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((k, x) -> out.put(k, fromFirestore(x)));
        return out;
    }

    static Object fromStruct(com.google.protobuf.Value v) {
        switch (v.getKindCase()) {
            case NULL_VALUE:
                return null;
            case BOOL_VALUE:
                return v.getBoolValue();
            case NUMBER_VALUE: {
                double d = v.getNumberValue();
                return d == Math.rint(d) && Math.abs(d) < 9.0E15 ? (Object) (long) d : (Object) d;
            }
            case STRING_VALUE:
                return v.getStringValue();
            case LIST_VALUE: {
                List<Object> out = new ArrayList<>();
                v.getListValue().getValuesList().forEach(x -> out.add(fromStruct(x)));
                return out;
            }
            case STRUCT_VALUE:
                return fromStruct(v.getStructValue());
            default:
                return null;
        }
    }

    static Map<String, Object> fromStruct(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, x) -> out.put(k, fromStruct(x)));
        return out;
    }

    /** {@code /databases/D/documents/a/b} as a rules path. */
    static RulesPath documentPath(ResourceName n) {
        List<String> segs = new ArrayList<>();
        segs.add("databases");
        segs.add(n.database().substring(n.database().lastIndexOf('/') + 1));
        segs.add("documents");
        segs.addAll(n.segments());
        return new RulesPath(List.copyOf(segs));
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof Double) {
            return "float";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof List) {
            return "list";
        }
        if (v instanceof Map) {
            return "map";
        }
        if (v instanceof Instant) {
            return "timestamp";
        }
        if (v instanceof RulesPath) {
            return "path";
        }
        if (v instanceof ByteString) {
            return "bytes";
        }
        if (v instanceof LatLng) {
            return "latlng";
        }
        if (v instanceof MapDiff) {
            return "map_diff";
        }
        return v.getClass().getSimpleName();
    }

    static final List<String> TYPE_NAMES = Arrays.asList(
            "bool",
            "int",
            "float",
            "number",
            "string",
            "list",
            "map",
            "timestamp",
            "path",
            "bytes",
            "latlng",
            "set",
            "map_diff");

    static boolean isType(Object v, String type) {
        switch (type) {
            case "number":
                return v instanceof Long || v instanceof Double;
            case "set":
                return v instanceof List;
            default:
                return typeName(v).equals(type);
        }
    }

    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new RulesEvaluationException("Expected a bool, got " + typeName(v));
    }

    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return x.longValue() == y.longValue();
            }
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!equal(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (!ma.keySet().equals(mb.keySet())) {
                return false;
            }
            for (Object k : ma.keySet()) {
                if (!equal(ma.get(k), mb.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof String x && b instanceof String y) {
            return org.sacredcouncil.emulator.firestore.path.Utf8Order.compare(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        throw new RulesEvaluationException("Cannot compare " + typeName(a) + " with " + typeName(b));
    }

    static boolean contains(Object container, Object element) {
        if (container instanceof List<?> l) {
            for (Object x : l) {
                if (equal(x, element)) {
                    return true;
                }
            }
            return false;
        }
        if (container instanceof Map<?, ?> m) {
            return element instanceof String && m.containsKey(element);
        }
        throw new RulesEvaluationException("'in' needs a list, set or map, got " + typeName(container));
    }

    /** The result of {@code map.diff(other)}. */
    record MapDiff(Map<?, ?> left, Map<?, ?> right) {
        List<Object> added() {
            List<Object> out = new ArrayList<>();
            for (Object k : right.keySet()) {
                if (!left.containsKey(k)) {
                    out.add(k);
                }
            }
            return out;
        }

        List<Object> removed() {
            List<Object> out = new ArrayList<>();
            for (Object k : left.keySet()) {
                if (!right.containsKey(k)) {
                    out.add(k);
                }
            }
            return out;
        }

        List<Object> changed() {
            List<Object> out = new ArrayList<>();
            for (Object k : left.keySet()) {
                if (right.containsKey(k) && !equal(left.get(k), right.get(k))) {
                    out.add(k);
                }
            }
            return out;
        }

        List<Object> unchanged() {
            List<Object> out = new ArrayList<>();
            for (Object k : left.keySet()) {
                if (right.containsKey(k) && equal(left.get(k), right.get(k))) {
                    out.add(k);
                }
            }
            return out;
        }

        List<Object> affected() {
            List<Object> out = new ArrayList<>(added());
            out.addAll(removed());
            out.addAll(changed());
            return out;
        }
    }
}

package org.sacredcouncil.emulator.firestore.value;

import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import java.util.Map;

/**
 * Vector values: the map {@code {"__type__": "__vector__", "value": [numbers]}} that
 * {@code FieldValue.vector(...)} writes. Firestore orders them after arrays and before maps, shorter
 * vectors first, then element by element.
 */
public final class Vectors {
    public static final String TYPE_KEY = "__type__";
    public static final String VECTOR_TYPE = "__vector__";
    public static final String VALUE_KEY = "value";
    /** The service's bound on a vector's dimension. */
    public static final int MAX_DIMENSION = 2048;

    private Vectors() {}

    /** Whether a value is tagged as a vector (its shape is checked on write by {@link #checkShape}). */
    public static boolean isVector(Value v) {
        if (v.getValueTypeCase() != Value.ValueTypeCase.MAP_VALUE) {
            return false;
        }
        Value t = v.getMapValue().getFieldsMap().get(TYPE_KEY);
        return t != null && VECTOR_TYPE.equals(t.getStringValue());
    }

    /**
     * Null if {@code m} is a well-formed vector (exactly the two keys, {@code value} an array of
     * numbers, at most {@link #MAX_DIMENSION} of them); otherwise why not.
     */
    public static String checkShape(MapValue m) {
        Map<String, Value> f = m.getFieldsMap();
        Value values = f.get(VALUE_KEY);
        if (f.size() != 2 || values == null || !values.hasArrayValue()) {
            return "a vector must be {__type__: \"__vector__\", value: [numbers]}";
        }
        if (values.getArrayValue().getValuesCount() > MAX_DIMENSION) {
            return "a vector has at most " + MAX_DIMENSION + " dimensions";
        }
        for (Value e : values.getArrayValue().getValuesList()) {
            if (!ValueOrder.isNumber(e)) {
                return "a vector's elements must be numbers";
            }
        }
        return null;
    }

    public static double[] elements(Value v) {
        Value values = v.getMapValue().getFieldsMap().get(VALUE_KEY);
        if (values == null || !values.hasArrayValue()) {
            return new double[0];
        }
        double[] out = new double[values.getArrayValue().getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            Value e = values.getArrayValue().getValues(i);
            out[i] = e.hasIntegerValue() ? e.getIntegerValue() : e.getDoubleValue();
        }
        return out;
    }

    /** By dimension first, then element by element (the service's vector order). */
    static int compare(Value a, Value b) {
        Value va = a.getMapValue().getFieldsMap().get(VALUE_KEY);
        Value vb = b.getMapValue().getFieldsMap().get(VALUE_KEY);
        int na = va == null || !va.hasArrayValue() ? 0 : va.getArrayValue().getValuesCount();
        int nb = vb == null || !vb.hasArrayValue() ? 0 : vb.getArrayValue().getValuesCount();
        if (na != nb) {
            return Integer.compare(na, nb);
        }
        for (int i = 0; i < na; i++) {
            int c = ValueOrder.compare(
                    va.getArrayValue().getValues(i), vb.getArrayValue().getValues(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

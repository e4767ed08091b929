package org.sacredcouncil.emulator.firestore.value;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.path.Utf8Order;

/** Firestore's total order over values: type order first, numbers compared across int and double. */
public final class ValueOrder {
    private ValueOrder() {}

    public static final Comparator<Value> COMPARATOR = ValueOrder::compare;

    /** Rank of a value's type in Firestore's cross-type order. */
    public static int typeRank(Value v) {
        switch (v.getValueTypeCase()) {
            case NULL_VALUE:
                return 0;
            case BOOLEAN_VALUE:
                return 1;
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
                return 2;
            case TIMESTAMP_VALUE:
                return 3;
            case STRING_VALUE:
                return 4;
            case BYTES_VALUE:
                return 5;
            case REFERENCE_VALUE:
                return 6;
            case GEO_POINT_VALUE:
                return 7;
            case ARRAY_VALUE:
                return 8;
            case MAP_VALUE:
                return Vectors.isVector(v) ? 9 : 10;
            default:
                throw new IllegalArgumentException("Unsupported value type: " + v.getValueTypeCase());
        }
    }

    public static boolean isNumber(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE
                || v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE;
    }

    public static boolean isNaN(Value v) {
        return v.getValueTypeCase() == Value.ValueTypeCase.DOUBLE_VALUE && Double.isNaN(v.getDoubleValue());
    }

    public static int compare(Value a, Value b) {
        int ra = typeRank(a);
        int rb = typeRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (a.getValueTypeCase()) {
            case NULL_VALUE:
                return 0;
            case BOOLEAN_VALUE:
                return Boolean.compare(a.getBooleanValue(), b.getBooleanValue());
            case INTEGER_VALUE:
            case DOUBLE_VALUE:
                return compareNumbers(a, b);
            case TIMESTAMP_VALUE:
                return compareTimestamps(a.getTimestampValue(), b.getTimestampValue());
            case STRING_VALUE:
                return Utf8Order.compare(a.getStringValue(), b.getStringValue());
            case BYTES_VALUE:
                return compareBytes(a.getBytesValue(), b.getBytesValue());
            case REFERENCE_VALUE:
                return compareReferences(a.getReferenceValue(), b.getReferenceValue());
            case GEO_POINT_VALUE: {
                int c = Double.compare(
                        a.getGeoPointValue().getLatitude(), b.getGeoPointValue().getLatitude());
                return c != 0
                        ? c
                        : Double.compare(
                                a.getGeoPointValue().getLongitude(),
                                b.getGeoPointValue().getLongitude());
            }
            case ARRAY_VALUE:
                return compareArrays(a.getArrayValue(), b.getArrayValue());
            case MAP_VALUE:
                return ra == 9 ? Vectors.compare(a, b) : compareMaps(a.getMapValue(), b.getMapValue());
            default:
                throw new IllegalArgumentException("Unsupported value type: " + a.getValueTypeCase());
        }
    }

    /** Equality as queries see it: numbers by value (1 == 1.0), NaN equal to NaN. */
    public static boolean equal(Value a, Value b) {
        return typeRank(a) == typeRank(b) && compare(a, b) == 0;
    }

    private static int compareNumbers(Value a, Value b) {
        boolean ai = a.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        boolean bi = b.getValueTypeCase() == Value.ValueTypeCase.INTEGER_VALUE;
        if (ai && bi) {
            return Long.compare(a.getIntegerValue(), b.getIntegerValue());
        }
        if (!ai && !bi) {
            return compareDoubles(a.getDoubleValue(), b.getDoubleValue());
        }
        if (ai) {
            return -compareDoubleWithLong(b.getDoubleValue(), a.getIntegerValue());
        }
        return compareDoubleWithLong(a.getDoubleValue(), b.getIntegerValue());
    }

    /** NaN sorts before every other number; -0.0 equals 0.0. */
    private static int compareDoubles(double a, double b) {
        if (Double.isNaN(a)) {
            return Double.isNaN(b) ? 0 : -1;
        }
        if (Double.isNaN(b)) {
            return 1;
        }
        return a < b ? -1 : (a > b ? 1 : 0);
    }

    private static int compareDoubleWithLong(double d, long l) {
        if (Double.isNaN(d)) {
            return -1;
        }
        if (d < -9.223372036854775808E18) {
            return -1;
        }
        if (d >= 9.223372036854775808E18) {
            return 1;
        }
        long dl = (long) d;
        int c = Long.compare(dl, l);
        if (c != 0) {
            return c;
        }
        double frac = d - dl;
        return frac < 0 ? -1 : (frac > 0 ? 1 : 0);
    }

    public static int compareTimestamps(Timestamp a, Timestamp b) {
        int c = Long.compare(a.getSeconds(), b.getSeconds());
        return c != 0 ? c : Integer.compare(a.getNanos(), b.getNanos());
    }

    private static int compareBytes(ByteString a, ByteString b) {
        return ByteString.unsignedLexicographicalComparator().compare(a, b);
    }

    private static int compareReferences(String a, String b) {
        try {
            return ResourceName.parse(a).compareTo(ResourceName.parse(b));
        } catch (IllegalArgumentException e) {
            return Utf8Order.compare(a, b);
        }
    }

    private static int compareArrays(ArrayValue a, ArrayValue b) {
        int n = Math.min(a.getValuesCount(), b.getValuesCount());
        for (int i = 0; i < n; i++) {
            int c = compare(a.getValues(i), b.getValues(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.getValuesCount(), b.getValuesCount());
    }

    private static int compareMaps(MapValue a, MapValue b) {
        List<String> ka = sortedKeys(a.getFieldsMap());
        List<String> kb = sortedKeys(b.getFieldsMap());
        int n = Math.min(ka.size(), kb.size());
        for (int i = 0; i < n; i++) {
            int c = Utf8Order.compare(ka.get(i), kb.get(i));
            if (c != 0) {
                return c;
            }
            c = compare(a.getFieldsMap().get(ka.get(i)), b.getFieldsMap().get(kb.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }

    private static List<String> sortedKeys(Map<String, Value> m) {
        List<String> keys = new ArrayList<>(m.keySet());
        keys.sort(Utf8Order::compare);
        return keys;
    }
}

package org.sacredcouncil.emulator.firestore.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.VectorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents the export tests move between emulators, written through the official client: every
 * value type, nested and empty containers, a numeric id, a subcollection and a document bigger than
 * one 32 KiB log block (so its record is split into FIRST, MIDDLE and LAST fragments).
 */
final class ExportSamples {
    static final List<String> PATHS = List.of("c/all", "c/all/sub/__id7__", "c/big", "d/123", "d/__id-3__");

    private ExportSamples() {}

    static void write(Firestore db) throws Exception {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("null", null);
        all.put("bool", true);
        all.put("int", Long.MIN_VALUE);
        all.put("double", -1.5);
        all.put("nan", Double.NaN);
        all.put("time", Timestamp.ofTimeSecondsAndNanos(1_700_000_000, 123_456_000));
        all.put("before1970", Timestamp.ofTimeSecondsAndNanos(-2_208_988_800L, 500_000_000));
        all.put("string", "héllo ✓ 𝄞");
        all.put("empty", "");
        all.put("bytes", Blob.fromBytes(new byte[] {0, 1, 2, (byte) 0xff}));
        all.put("ref", db.document("x/y"));
        all.put("numericRef", db.document("x/__id9__"));
        all.put("geo", new GeoPoint(48.85, -2.35));
        Map<String, Object> inArray = new HashMap<>();
        inArray.put("a", 1L);
        all.put("array", Arrays.asList(1L, "two", null, inArray, db.document("x/z"), 2.5));
        all.put("emptyArray", List.of());
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("k", "v");
        nested.put("e", Map.of());
        nested.put("arr", List.of(false));
        nested.put("vec", FieldValue.vector(new double[] {3, 4}));
        nested.put("deeper", Map.of("t", Timestamp.ofTimeSecondsAndNanos(1, 1000)));
        all.put("map", nested);
        all.put("emptyMap", Map.of());
        all.put("vector", FieldValue.vector(new double[] {0.5, 1, -2}));
        all.put("a.dotted name", "dot");
        db.document("c/all").set(all).get();
        db.document("c/all/sub/__id7__").set(Map.of("k", true)).get();
        db.document("c/big").set(Map.of("s", "x".repeat(100_000))).get();
        db.document("d/123").set(Map.of("n", 123L)).get();
        db.document("d/__id-3__").set(Map.of()).get();
    }

    /** The documents as comparable text: references by path, bytes in base64, vectors by elements. */
    static Map<String, Object> read(Firestore db) throws Exception {
        Map<String, Object> out = new TreeMap<>();
        for (String p : PATHS) {
            DocumentSnapshot s = db.document(p).get().get();
            assertThat(s.exists()).as(p).isTrue();
            out.put(p, normalize(s.getData()));
        }
        return out;
    }

    static Object normalize(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> t = new TreeMap<>();
            m.forEach((k, x) -> t.put((String) k, normalize(x)));
            return t;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof DocumentReference r) {
            return "ref:" + r.getPath();
        }
        if (v instanceof Blob b) {
            return "bytes:" + Base64.getEncoder().encodeToString(b.toBytes());
        }
        if (v instanceof VectorValue vec) {
            return "vector:" + Arrays.toString(vec.toArray());
        }
        if (v instanceof GeoPoint g) {
            return "geo:" + g.getLatitude() + "," + g.getLongitude();
        }
        return v == null ? "null" : v.getClass().getSimpleName() + ":" + v;
    }
}

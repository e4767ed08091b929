package org.sacredcouncil.emulator.firestore.exchange;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import com.google.type.LatLng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.value.Vectors;

/**
 * Firestore documents as the legacy Datastore {@code EntityProto} (proto2, with groups) that Google's
 * emulator writes into its exports, read from its own export's bytes:
 * <ul>
 *   <li>key: {@code app} "dev~PROJECT", path elements (kind = collection id; numeric id for
 *       {@code __id<n>__}, else name), {@code database_id} unless (default); {@code entity_group}: the
 *       root element
 *   <li>one {@code raw_property} per value: name, {@code multiple} for each element of an array, the
 *       {@code meaning} that tells the types apart: 7 timestamp (int64 microseconds), 14 bytes (string),
 *       9 geo point ({@code PointValue} group: x latitude, y longitude), 19 map (a nested EntityProto
 *       with an empty key, serialized into the string), 31 vector (its elements as doubles, each
 *       {@code multiple}), 24 empty array (a {@code property}, not raw, with no value); null is an empty
 *       value; references are a {@code ReferenceValue} group
 * </ul>
 * Create and update times are not in the format.
 */
final class EntityProtoCodec {
    // EntityProto
    private static final int ENTITY_KEY = 13;
    private static final int ENTITY_PROPERTY = 14;
    private static final int ENTITY_RAW_PROPERTY = 15;
    private static final int ENTITY_GROUP = 16;
    // Reference
    private static final int REF_APP = 13;
    private static final int REF_PATH = 14;
    private static final int REF_DATABASE = 23;
    // Path
    private static final int PATH_ELEMENT = 1;
    private static final int ELEMENT_TYPE = 2;
    private static final int ELEMENT_ID = 3;
    private static final int ELEMENT_NAME = 4;
    // Property
    private static final int PROP_MEANING = 1;
    private static final int PROP_NAME = 3;
    private static final int PROP_MULTIPLE = 4;
    private static final int PROP_VALUE = 5;
    // PropertyValue
    private static final int VALUE_INT64 = 1;
    private static final int VALUE_BOOLEAN = 2;
    private static final int VALUE_STRING = 3;
    private static final int VALUE_DOUBLE = 4;
    private static final int VALUE_POINT = 5;
    private static final int POINT_X = 6;
    private static final int POINT_Y = 7;
    private static final int VALUE_REFERENCE = 12;
    private static final int VREF_APP = 13;
    private static final int VREF_ELEMENT = 14;
    private static final int VREF_TYPE = 15;
    private static final int VREF_ID = 16;
    private static final int VREF_NAME = 17;
    private static final int VREF_DATABASE = 23;
    // Property.Meaning
    private static final int MEANING_GD_WHEN = 7;
    private static final int MEANING_GEORSS_POINT = 9;
    private static final int MEANING_BYTESTRING = 14;
    private static final int MEANING_BLOB = 16;
    private static final int MEANING_ENTITY_PROTO = 19;
    private static final int MEANING_EMPTY_LIST = 24;
    private static final int MEANING_VECTOR = 31;

    static final String DEFAULT_DATABASE = "(default)";
    private static final String APP_PARTITION = "dev~";

    /** One exported document: where it belongs and its fields. */
    record Entity(String project, String databaseId, List<String> segments, Map<String, Value> fields) {
        String databaseName() {
            return "projects/" + project + "/databases/" + databaseId;
        }

        String documentName() {
            return databaseName() + "/documents/" + String.join("/", segments);
        }
    }

    private EntityProtoCodec() {}

    static byte[] encode(ResourceName doc, Map<String, Value> fields) {
        String[] db = splitDatabase(doc.database());
        return ProtoBytes.of(out -> {
            out.writeByteArray(ENTITY_KEY, ProtoBytes.of(key -> {
                key.writeString(REF_APP, APP_PARTITION + db[0]);
                key.writeByteArray(REF_PATH, path(doc.segments(), doc.segments().size()));
                if (!DEFAULT_DATABASE.equals(db[1])) {
                    key.writeString(REF_DATABASE, db[1]);
                }
            }));
            writeProperties(out, fields);
            out.writeByteArray(ENTITY_GROUP, path(doc.segments(), 2));
        });
    }

    static Entity decode(byte[] record) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(record);
            String project = null;
            String database = DEFAULT_DATABASE;
            List<String> segments = List.of();
            Map<String, Value.Builder> fields = new LinkedHashMap<>();
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case ENTITY_KEY -> {
                        CodedInputStream key = CodedInputStream.newInstance(in.readByteArray());
                        for (int t = key.readTag(); t != 0; t = key.readTag()) {
                            switch (WireFormat.getTagFieldNumber(t)) {
                                case REF_APP -> project = projectOf(key.readStringRequireUtf8());
                                case REF_PATH -> segments = readPath(key.readByteArray());
                                case REF_DATABASE -> database = orDefault(key.readStringRequireUtf8());
                                default -> key.skipField(t);
                            }
                        }
                    }
                    case ENTITY_PROPERTY, ENTITY_RAW_PROPERTY -> readProperty(in.readByteArray(), fields);
                    default -> in.skipField(tag);
                }
            }
            if (project == null || segments.isEmpty() || segments.size() % 2 != 0) {
                throw new IllegalArgumentException("an exported entity has no complete key");
            }
            return new Entity(project, database, segments, build(fields));
        } catch (IOException e) {
            throw new IllegalArgumentException("an exported entity is not a valid EntityProto: " + e.getMessage(), e);
        }
    }

    // ---- writing ----

    private static void writeProperties(CodedOutputStream out, Map<String, Value> fields) throws IOException {
        // Google's writer puts empty arrays in `property` and everything else in `raw_property`; kept so
        // the bytes match its exports
        for (Map.Entry<String, Value> f : fields.entrySet()) {
            if (f.getValue().hasArrayValue() && f.getValue().getArrayValue().getValuesCount() == 0) {
                out.writeByteArray(ENTITY_PROPERTY, property(MEANING_EMPTY_LIST, f.getKey(), false, new byte[0]));
            }
        }
        for (Map.Entry<String, Value> f : fields.entrySet()) {
            String name = f.getKey();
            Value v = f.getValue();
            if (v.hasArrayValue()) {
                for (Value element : v.getArrayValue().getValuesList()) {
                    // a vector inside an array has no EntityProto form (Google's emulator refuses to
                    // export one): it goes as the map it is on the wire
                    writeSingle(out, name, true, element);
                }
            } else if (Vectors.isVector(v)
                    && Vectors.checkShape(v.getMapValue()) == null
                    && Vectors.elements(v).length > 0) {
                for (double d : Vectors.elements(v)) {
                    out.writeByteArray(
                            ENTITY_RAW_PROPERTY,
                            property(MEANING_VECTOR, name, true, ProtoBytes.of(p -> p.writeDouble(VALUE_DOUBLE, d))));
                }
            } else {
                writeSingle(out, name, false, v);
            }
        }
    }

    private static void writeSingle(CodedOutputStream out, String name, boolean multiple, Value v) throws IOException {
        int meaning = 0;
        byte[] value;
        switch (v.getValueTypeCase()) {
            case NULL_VALUE, VALUETYPE_NOT_SET -> value = new byte[0];
            case BOOLEAN_VALUE -> value = ProtoBytes.of(p -> p.writeBool(VALUE_BOOLEAN, v.getBooleanValue()));
            case INTEGER_VALUE -> value = ProtoBytes.of(p -> p.writeInt64(VALUE_INT64, v.getIntegerValue()));
            case DOUBLE_VALUE -> value = ProtoBytes.of(p -> p.writeDouble(VALUE_DOUBLE, v.getDoubleValue()));
            case TIMESTAMP_VALUE -> {
                meaning = MEANING_GD_WHEN;
                Timestamp t = v.getTimestampValue();
                long micros = Math.addExact(Math.multiplyExact(t.getSeconds(), 1_000_000L), t.getNanos() / 1_000);
                value = ProtoBytes.of(p -> p.writeInt64(VALUE_INT64, micros));
            }
            case STRING_VALUE -> value = ProtoBytes.of(p -> p.writeString(VALUE_STRING, v.getStringValue()));
            case BYTES_VALUE -> {
                meaning = MEANING_BYTESTRING;
                value = ProtoBytes.of(p -> p.writeBytes(VALUE_STRING, v.getBytesValue()));
            }
            case GEO_POINT_VALUE -> {
                meaning = MEANING_GEORSS_POINT;
                value = ProtoBytes.of(p -> {
                    p.writeTag(VALUE_POINT, WireFormat.WIRETYPE_START_GROUP);
                    p.writeDouble(POINT_X, v.getGeoPointValue().getLatitude());
                    p.writeDouble(POINT_Y, v.getGeoPointValue().getLongitude());
                    p.writeTag(VALUE_POINT, WireFormat.WIRETYPE_END_GROUP);
                });
            }
            case REFERENCE_VALUE -> value = reference(v.getReferenceValue());
            case MAP_VALUE -> {
                meaning = MEANING_ENTITY_PROTO;
                byte[] nested = ProtoBytes.of(e -> {
                    e.writeByteArray(ENTITY_KEY, ProtoBytes.of(key -> {
                        key.writeString(REF_APP, "");
                        key.writeByteArray(REF_PATH, new byte[0]);
                    }));
                    writeProperties(e, v.getMapValue().getFieldsMap());
                    e.writeByteArray(ENTITY_GROUP, new byte[0]);
                });
                value = ProtoBytes.of(p -> p.writeByteArray(VALUE_STRING, nested));
            }
            case ARRAY_VALUE ->
                throw new IllegalArgumentException(
                        "an array inside an array has no export form (field \"" + name + "\")");
            default -> throw new IllegalArgumentException("unknown value type in field \"" + name + "\"");
        }
        out.writeByteArray(ENTITY_RAW_PROPERTY, property(meaning, name, multiple, value));
    }

    private static byte[] property(int meaning, String name, boolean multiple, byte[] value) {
        return ProtoBytes.of(p -> {
            if (meaning != 0) {
                p.writeEnum(PROP_MEANING, meaning);
            }
            p.writeString(PROP_NAME, name);
            p.writeBool(PROP_MULTIPLE, multiple);
            p.writeByteArray(PROP_VALUE, value);
        });
    }

    private static byte[] reference(String name) {
        ResourceName ref = ResourceName.parseDocument(name);
        String[] db = splitDatabase(ref.database());
        return ProtoBytes.of(p -> {
            p.writeTag(VALUE_REFERENCE, WireFormat.WIRETYPE_START_GROUP);
            p.writeString(VREF_APP, APP_PARTITION + db[0]);
            List<String> s = ref.segments();
            for (int i = 0; i + 1 < s.size(); i += 2) {
                p.writeTag(VREF_ELEMENT, WireFormat.WIRETYPE_START_GROUP);
                p.writeString(VREF_TYPE, s.get(i));
                Long id = exportableId(s.get(i + 1));
                if (id != null) {
                    p.writeInt64(VREF_ID, id);
                } else {
                    p.writeString(VREF_NAME, s.get(i + 1));
                }
                p.writeTag(VREF_ELEMENT, WireFormat.WIRETYPE_END_GROUP);
            }
            if (!DEFAULT_DATABASE.equals(db[1])) {
                p.writeString(VREF_DATABASE, db[1]);
            }
            p.writeTag(VALUE_REFERENCE, WireFormat.WIRETYPE_END_GROUP);
        });
    }

    /** The first {@code depth} segments (pairs of collection id and document id) as a {@code Path}. */
    private static byte[] path(List<String> segments, int depth) {
        return ProtoBytes.of(p -> {
            for (int i = 0; i + 1 < Math.min(depth, segments.size()); i += 2) {
                p.writeTag(PATH_ELEMENT, WireFormat.WIRETYPE_START_GROUP);
                p.writeString(ELEMENT_TYPE, segments.get(i));
                Long id = exportableId(segments.get(i + 1));
                if (id != null) {
                    p.writeInt64(ELEMENT_ID, id);
                } else {
                    p.writeString(ELEMENT_NAME, segments.get(i + 1));
                }
                p.writeTag(PATH_ELEMENT, WireFormat.WIRETYPE_END_GROUP);
            }
        });
    }

    /** {@code __id<n>__} is Datastore's numeric id n; 0 is no id there ("incomplete key"), so it stays a name. */
    private static Long exportableId(String documentId) {
        Long id = ResourceName.numericId(documentId);
        return id == null || id == 0 ? null : id;
    }

    private static String idSegment(long id) {
        return "__id" + id + "__";
    }

    /** {@code projects/P/databases/D} → {P, D}. */
    private static String[] splitDatabase(String database) {
        String[] parts = database.split("/", -1);
        return new String[] {parts[1], parts[3]};
    }

    // ---- reading ----

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    private static List<String> readPath(byte[] path) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(path);
        List<String> segments = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag != tag(PATH_ELEMENT, WireFormat.WIRETYPE_START_GROUP)) {
                in.skipField(tag);
                continue;
            }
            readElement(in, PATH_ELEMENT, ELEMENT_TYPE, ELEMENT_ID, ELEMENT_NAME, segments);
        }
        return segments;
    }

    private static void readElement(
            CodedInputStream in, int group, int typeField, int idField, int nameField, List<String> segments)
            throws IOException {
        String type = null;
        String id = null;
        int end = tag(group, WireFormat.WIRETYPE_END_GROUP);
        for (int t = in.readTag(); t != end; t = in.readTag()) {
            if (t == 0) {
                throw new IOException("a key path element is not closed");
            }
            int field = WireFormat.getTagFieldNumber(t);
            if (field == typeField) {
                type = in.readStringRequireUtf8();
            } else if (field == idField) {
                id = idSegment(in.readInt64());
            } else if (field == nameField) {
                id = in.readStringRequireUtf8();
            } else {
                in.skipField(t);
            }
        }
        if (type == null || id == null) {
            throw new IOException("a key path element lacks its kind or its id");
        }
        segments.add(type);
        segments.add(id);
    }

    private static void readProperty(byte[] bytes, Map<String, Value.Builder> fields) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int meaning = 0;
        String name = null;
        boolean multiple = false;
        byte[] value = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case PROP_MEANING -> meaning = in.readEnum();
                case PROP_NAME -> name = in.readStringRequireUtf8();
                case PROP_MULTIPLE -> multiple = in.readBool();
                case PROP_VALUE -> value = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        if (name == null) {
            throw new IOException("a property has no name");
        }
        if (meaning == MEANING_EMPTY_LIST) {
            fields.computeIfAbsent(name, k -> Value.newBuilder().setArrayValue(ArrayValue.getDefaultInstance()));
            return;
        }
        Value element = readValue(meaning, value);
        if (meaning == MEANING_VECTOR) {
            Value.Builder vector = fields.computeIfAbsent(
                    name,
                    k -> Value.newBuilder()
                            .setMapValue(MapValue.newBuilder()
                                    .putFields(
                                            Vectors.TYPE_KEY,
                                            Value.newBuilder()
                                                    .setStringValue(Vectors.VECTOR_TYPE)
                                                    .build())
                                    .putFields(
                                            Vectors.VALUE_KEY,
                                            Value.newBuilder()
                                                    .setArrayValue(ArrayValue.getDefaultInstance())
                                                    .build())));
            Value values = vector.getMapValue().getFieldsOrThrow(Vectors.VALUE_KEY);
            vector.getMapValueBuilder()
                    .putFields(
                            Vectors.VALUE_KEY,
                            values.toBuilder()
                                    .setArrayValue(
                                            values.getArrayValue().toBuilder().addValues(element))
                                    .build());
        } else if (multiple) {
            fields.computeIfAbsent(name, k -> Value.newBuilder().setArrayValue(ArrayValue.getDefaultInstance()))
                    .getArrayValueBuilder()
                    .addValues(element);
        } else {
            fields.put(name, element.toBuilder());
        }
    }

    private static Value readValue(int meaning, byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Value.Builder v = Value.newBuilder().setNullValue(NullValue.NULL_VALUE);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case VALUE_INT64 -> {
                    long n = in.readInt64();
                    if (meaning == MEANING_GD_WHEN) {
                        v.setTimestampValue(Timestamp.newBuilder()
                                .setSeconds(Math.floorDiv(n, 1_000_000L))
                                .setNanos((int) Math.floorMod(n, 1_000_000L) * 1_000));
                    } else {
                        v.setIntegerValue(n);
                    }
                }
                case VALUE_BOOLEAN -> v.setBooleanValue(in.readBool());
                case VALUE_STRING -> {
                    ByteString s = in.readBytes();
                    if (meaning == MEANING_BYTESTRING || meaning == MEANING_BLOB) {
                        v.setBytesValue(s);
                    } else if (meaning == MEANING_ENTITY_PROTO) {
                        v.setMapValue(readNestedEntity(s.toByteArray()));
                    } else {
                        if (!s.isValidUtf8()) {
                            throw new IOException("a string value is not UTF-8");
                        }
                        v.setStringValue(s.toStringUtf8());
                    }
                }
                case VALUE_DOUBLE -> v.setDoubleValue(in.readDouble());
                case VALUE_POINT -> v.setGeoPointValue(readPoint(in));
                case VALUE_REFERENCE -> v.setReferenceValue(readReference(in));
                default -> in.skipField(tag);
            }
        }
        return v.build();
    }

    private static MapValue readNestedEntity(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Map<String, Value.Builder> fields = new LinkedHashMap<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == ENTITY_PROPERTY || field == ENTITY_RAW_PROPERTY) {
                readProperty(in.readByteArray(), fields);
            } else {
                in.skipField(tag);
            }
        }
        return MapValue.newBuilder().putAllFields(build(fields)).build();
    }

    private static LatLng readPoint(CodedInputStream in) throws IOException {
        LatLng.Builder p = LatLng.newBuilder();
        int end = tag(VALUE_POINT, WireFormat.WIRETYPE_END_GROUP);
        for (int t = in.readTag(); t != end; t = in.readTag()) {
            if (t == 0) {
                throw new IOException("a geo point is not closed");
            }
            switch (WireFormat.getTagFieldNumber(t)) {
                case POINT_X -> p.setLatitude(in.readDouble());
                case POINT_Y -> p.setLongitude(in.readDouble());
                default -> in.skipField(t);
            }
        }
        return p.build();
    }

    private static String readReference(CodedInputStream in) throws IOException {
        String project = null;
        String database = DEFAULT_DATABASE;
        List<String> segments = new ArrayList<>();
        int end = tag(VALUE_REFERENCE, WireFormat.WIRETYPE_END_GROUP);
        for (int t = in.readTag(); t != end; t = in.readTag()) {
            if (t == 0) {
                throw new IOException("a reference is not closed");
            }
            switch (WireFormat.getTagFieldNumber(t)) {
                case VREF_APP -> project = projectOf(in.readStringRequireUtf8());
                case VREF_ELEMENT -> readElement(in, VREF_ELEMENT, VREF_TYPE, VREF_ID, VREF_NAME, segments);
                case VREF_DATABASE -> database = orDefault(in.readStringRequireUtf8());
                default -> in.skipField(t);
            }
        }
        if (project == null || segments.isEmpty()) {
            throw new IOException("a reference lacks its project or its path");
        }
        return "projects/" + project + "/databases/" + database + "/documents/" + String.join("/", segments);
    }

    /** "dev~p" (Google's emulator), "s~p" (a managed export) → "p". */
    private static String projectOf(String app) {
        return app.substring(app.indexOf('~') + 1);
    }

    private static String orDefault(String database) {
        return database.isEmpty() ? DEFAULT_DATABASE : database;
    }

    private static Map<String, Value> build(Map<String, Value.Builder> fields) {
        Map<String, Value> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(k, v.build()));
        return out;
    }
}

package org.sacredcouncil.rules;

import com.google.cloud.Timestamp;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rules-cases.json}: seed documents and the table of (auth, operation, path, data, expected) cases. */
record RulesCaseTable(Map<String, Map<String, Object>> seed, List<RulesCase> cases) {
    static final Path FILE = Path.of("rules-cases.json");
    static final Path RULES = Path.of("firestore.rules");

    /** One row. {@code auth} null = unauthenticated. */
    record RulesCase(
            String name,
            String auth,
            String op,
            String path,
            Map<String, Object> data,
            Map<String, Object> query,
            boolean allow) {
        @Override
        public String toString() {
            return name + " [" + (auth == null ? "unauthenticated" : auth) + " " + op + " " + path + " → "
                    + (allow ? "allow" : "deny") + "]";
        }
    }

    static RulesCaseTable load() throws IOException {
        Struct.Builder b = Struct.newBuilder();
        JsonFormat.parser().merge(Files.readString(FILE), b);
        Struct root = b.build();
        Map<String, Map<String, Object>> seed = new LinkedHashMap<>();
        root.getFieldsOrThrow("seed")
                .getStructValue()
                .getFieldsMap()
                .forEach((path, doc) -> seed.put(path, struct(doc.getStructValue())));
        List<RulesCase> cases = new ArrayList<>();
        for (Value v : root.getFieldsOrThrow("cases").getListValue().getValuesList()) {
            Map<String, Value> f = v.getStructValue().getFieldsMap();
            String expect = f.get("expect").getStringValue();
            if (!expect.equals("allow") && !expect.equals("deny")) {
                throw new IllegalArgumentException("expect must be allow or deny: " + v);
            }
            cases.add(new RulesCase(
                    f.get("name").getStringValue(),
                    f.get("auth").hasNullValue() ? null : f.get("auth").getStringValue(),
                    f.get("op").getStringValue(),
                    f.get("path").getStringValue(),
                    f.containsKey("data") ? struct(f.get("data").getStructValue()) : null,
                    f.containsKey("query") ? struct(f.get("query").getStructValue()) : null,
                    expect.equals("allow")));
        }
        return new RulesCaseTable(seed, cases);
    }

    private static Map<String, Object> struct(Struct s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.getFieldsMap().forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    /** JSON to client values: whole numbers become longs, {"$ts": ISO} a timestamp. */
    private static Object value(Value v) {
        switch (v.getKindCase()) {
            case NULL_VALUE:
                return null;
            case BOOL_VALUE:
                return v.getBoolValue();
            case NUMBER_VALUE: {
                double d = v.getNumberValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            }
            case STRING_VALUE:
                return v.getStringValue();
            case LIST_VALUE: {
                List<Object> out = new ArrayList<>();
                ListValue l = v.getListValue();
                l.getValuesList().forEach(x -> out.add(value(x)));
                return out;
            }
            case STRUCT_VALUE: {
                Struct s = v.getStructValue();
                if (s.getFieldsCount() == 1 && s.containsFields("$ts")) {
                    return Timestamp.parseTimestamp(s.getFieldsOrThrow("$ts").getStringValue());
                }
                return struct(s);
            }
            default:
                throw new IllegalArgumentException("Unsupported JSON value " + v);
        }
    }
}

package org.sacredcouncil.emulator.pubsub.schema;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a Pub/Sub Protocol Buffer schema — the text of one {@code .proto} file with exactly one top-level
 * message (nested messages and enums allowed, no imports, as the service requires) — into a descriptor that
 * {@code DynamicMessage} and {@code JsonFormat} use. Written here because protobuf-java has no {@code .proto}
 * text parser; it covers what a schema file holds: {@code syntax}, {@code package}, {@code option}s (read
 * and ignored), messages, enums, fields with {@code optional}/{@code required}/{@code repeated}, {@code map<,>},
 * {@code oneof}, {@code reserved}.
 */
final class ProtoDefinition {

    private static final Map<String, FieldDescriptorProto.Type> SCALARS = Map.ofEntries(
            Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
            Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
            Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
            Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
            Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
            Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
            Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32),
            Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
            Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
            Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
            Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
            Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
            Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64),
            Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
            Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64));

    private final List<String> tokens;
    private int at;
    private boolean proto3;

    private ProtoDefinition(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The schema's one top-level message; an invalid definition is {@link IllegalArgumentException}. */
    static Descriptors.Descriptor parse(String text) {
        ProtoDefinition parser = new ProtoDefinition(tokenize(text));
        FileDescriptorProto file = parser.file();
        if (file.getMessageTypeCount() != 1) {
            throw new IllegalArgumentException("a Protocol Buffer schema must define exactly one top-level message,"
                    + " found " + file.getMessageTypeCount());
        }
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .getMessageTypes()
                    .get(0);
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private FileDescriptorProto file() {
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder().setName("schema.proto");
        while (!atEnd()) {
            String word = next();
            switch (word) {
                case "syntax" -> {
                    expect("=");
                    String syntax = string();
                    expect(";");
                    if (!syntax.equals("proto2") && !syntax.equals("proto3")) {
                        throw fail("unknown syntax \"" + syntax + "\"");
                    }
                    proto3 = syntax.equals("proto3");
                    file.setSyntax(syntax);
                }
                case "package" -> {
                    file.setPackage(identifier());
                    expect(";");
                }
                case "option" -> skipStatement();
                case "import" -> throw fail("imports are not allowed in a Pub/Sub schema");
                case "message" -> file.addMessageType(message());
                case "enum" -> file.addEnumType(enumType());
                case ";" -> {}
                default -> throw fail("unexpected '" + word + "'");
            }
        }
        if (!file.hasSyntax()) {
            file.setSyntax("proto2");
        }
        return file.build();
    }

    private DescriptorProto message() {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(identifier());
        expect("{");
        while (!peek().equals("}")) {
            String word = next();
            switch (word) {
                case "message" -> message.addNestedType(message());
                case "enum" -> message.addEnumType(enumType());
                case "option", "reserved", "extensions" -> skipStatement();
                case "oneof" -> {
                    int index = message.getOneofDeclCount();
                    message.addOneofDecl(OneofDescriptorProto.newBuilder().setName(identifier()));
                    expect("{");
                    while (!peek().equals("}")) {
                        if (peek().equals("option")) {
                            next();
                            skipStatement();
                            continue;
                        }
                        message.addField(field(next(), FieldDescriptorProto.Label.LABEL_OPTIONAL)
                                .setOneofIndex(index));
                    }
                    expect("}");
                }
                case "map" -> {
                    expect("<");
                    String keyType = next();
                    expect(",");
                    String valueType = next();
                    expect(">");
                    String name = identifier();
                    expect("=");
                    int number = number();
                    skipFieldOptions();
                    expect(";");
                    String entry = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Entry";
                    message.addNestedType(DescriptorProto.newBuilder()
                            .setName(entry)
                            .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                            .addField(typed(
                                    FieldDescriptorProto.newBuilder()
                                            .setName("key")
                                            .setNumber(1)
                                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL),
                                    keyType))
                            .addField(typed(
                                    FieldDescriptorProto.newBuilder()
                                            .setName("value")
                                            .setNumber(2)
                                            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL),
                                    valueType)));
                    message.addField(FieldDescriptorProto.newBuilder()
                            .setName(name)
                            .setNumber(number)
                            .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                            .setTypeName(entry));
                }
                case "optional", "required", "repeated" -> {
                    FieldDescriptorProto.Label label = switch (word) {
                        case "required" -> FieldDescriptorProto.Label.LABEL_REQUIRED;
                        case "repeated" -> FieldDescriptorProto.Label.LABEL_REPEATED;
                        default -> FieldDescriptorProto.Label.LABEL_OPTIONAL;
                    };
                    if (proto3 && label == FieldDescriptorProto.Label.LABEL_REQUIRED) {
                        throw fail("required fields are not allowed in proto3");
                    }
                    FieldDescriptorProto.Builder field = field(next(), label);
                    if (proto3 && word.equals("optional")) {
                        field.setProto3Optional(true).setOneofIndex(message.getOneofDeclCount());
                        message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + field.getName()));
                    }
                    message.addField(field);
                }
                case ";" -> {}
                default -> {
                    if (!proto3) {
                        throw fail("field '" + word + "' needs a label (optional, required or repeated) in proto2");
                    }
                    message.addField(field(word, FieldDescriptorProto.Label.LABEL_OPTIONAL));
                }
            }
        }
        expect("}");
        return message.build();
    }

    /** {@code type name = number [options];} with the type already read. */
    private FieldDescriptorProto.Builder field(String type, FieldDescriptorProto.Label label) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setLabel(label);
        field.setName(identifier());
        expect("=");
        field.setNumber(number());
        skipFieldOptions();
        expect(";");
        return typed(field, type);
    }

    private static FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder field, String type) {
        FieldDescriptorProto.Type scalar = SCALARS.get(type);
        if (scalar != null) {
            return field.setType(scalar);
        }
        return field.setTypeName(type); // a message or an enum, resolved when the descriptor is built
    }

    private EnumDescriptorProto enumType() {
        EnumDescriptorProto.Builder e = EnumDescriptorProto.newBuilder().setName(identifier());
        expect("{");
        while (!peek().equals("}")) {
            String word = next();
            if (word.equals("option") || word.equals("reserved")) {
                skipStatement();
                continue;
            }
            if (word.equals(";")) {
                continue;
            }
            expect("=");
            int number = number();
            skipFieldOptions();
            expect(";");
            e.addValue(EnumValueDescriptorProto.newBuilder().setName(word).setNumber(number));
        }
        expect("}");
        if (e.getValueCount() == 0) {
            throw fail("enum " + e.getName() + " has no values");
        }
        return e.build();
    }

    // ---------------------------------------------------------------- tokens

    private void skipFieldOptions() {
        if (peek().equals("[")) {
            while (!next().equals("]")) {
                if (atEnd()) {
                    throw fail("unterminated field options");
                }
            }
        }
    }

    private void skipStatement() {
        int depth = 0;
        while (true) {
            String t = next();
            if (t.equals("{")) {
                depth++;
            } else if (t.equals("}")) {
                depth--;
            } else if (t.equals(";") && depth == 0) {
                return;
            }
        }
    }

    private boolean atEnd() {
        return at >= tokens.size();
    }

    private String peek() {
        if (atEnd()) {
            throw fail("unexpected end of the definition");
        }
        return tokens.get(at);
    }

    private String next() {
        String t = peek();
        at++;
        return t;
    }

    private void expect(String token) {
        String t = next();
        if (!t.equals(token)) {
            throw fail("expected '" + token + "' but found '" + t + "'");
        }
    }

    private String identifier() {
        String t = next();
        if (!t.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw fail("expected a name but found '" + t + "'");
        }
        return t;
    }

    private int number() {
        String t = next();
        try {
            return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw fail("expected a number but found '" + t + "'");
        }
    }

    private String string() {
        String t = next();
        if (t.length() < 2 || !(t.startsWith("\"") || t.startsWith("'"))) {
            throw fail("expected a quoted string but found '" + t + "'");
        }
        return t.substring(1, t.length() - 1);
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("invalid Protocol Buffer definition: " + what);
    }

    private static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("invalid Protocol Buffer definition: unterminated comment");
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= n) {
                    throw new IllegalArgumentException("invalid Protocol Buffer definition: unterminated string");
                }
                out.add(text.substring(i, end + 1));
                i = end + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || "_.-+".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
                out.add(text.substring(start, i));
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }
}

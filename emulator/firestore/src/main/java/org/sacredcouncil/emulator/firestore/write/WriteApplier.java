package org.sacredcouncil.emulator.firestore.write;

import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.DocumentTransform;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;
import org.sacredcouncil.emulator.firestore.value.Vectors;

/** Computes the state a single {@link Write} leaves a document in: set, merge, delete, transforms. */
public final class WriteApplier {
    private WriteApplier() {}

    /** The target document of a write (validated: a document name without ids the service reserves). */
    public static ResourceName target(Write w) {
        ResourceName n;
        switch (w.getOperationCase()) {
            case UPDATE:
                n = ResourceName.parseDocument(w.getUpdate().getName());
                break;
            case DELETE:
                n = ResourceName.parseDocument(w.getDelete());
                break;
            case TRANSFORM:
                n = ResourceName.parseDocument(w.getTransform().getDocument());
                break;
            default:
                throw Status.INVALID_ARGUMENT
                        .withDescription("Write has no operation")
                        .asRuntimeException();
        }
        String reserved = n.reservedSegment();
        if (reserved != null) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Document path " + n.relativePath() + " uses the reserved id \"" + reserved
                            + "\" (ids matching __.*__ are reserved)")
                    .asRuntimeException();
        }
        return n;
    }

    /**
     * @param current the document before this write, or null
     * @return the document after the write (null = deleted) and the transform results
     */
    public static Outcome apply(Write w, ResourceName name, StoredDocument current, Timestamp commitTime) {
        checkPrecondition(w, name, current);
        if (w.getOperationCase() == Write.OperationCase.DELETE) {
            if (w.getUpdateTransformsCount() > 0) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("A delete cannot have transforms")
                        .asRuntimeException();
            }
            return new Outcome(null, List.of());
        }
        Map<String, Value> fields;
        List<DocumentTransform.FieldTransform> transforms;
        if (w.getOperationCase() == Write.OperationCase.TRANSFORM) {
            fields = current == null ? Map.of() : current.fields();
            transforms = w.getTransform().getFieldTransformsList();
        } else {
            Map<String, Value> given = w.getUpdate().getFieldsMap();
            validateFieldNames(given);
            if (w.hasUpdateMask()) {
                fields = current == null ? Map.of() : current.fields();
                for (String p : w.getUpdateMask().getFieldPathsList()) {
                    FieldPath path = parsePath(p);
                    Value v = Fields.get(given, path);
                    fields = v == null ? Fields.delete(fields, path) : Fields.set(fields, path, v);
                }
            } else {
                fields = given;
            }
            transforms = w.getUpdateTransformsList();
        }
        List<Value> results = new ArrayList<>(transforms.size());
        Set<String> seen = new HashSet<>();
        for (DocumentTransform.FieldTransform t : transforms) {
            FieldPath path = parsePath(t.getFieldPath());
            if (!seen.add(path.canonical())) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Field " + path + " is transformed twice in one write")
                        .asRuntimeException();
            }
            Value before = Fields.get(fields, path);
            Value after = transform(t, before, commitTime);
            fields = Fields.set(fields, path, after);
            results.add(resultOf(t, after));
        }
        if (current != null && fields.equals(current.fields())) {
            // Firestore keeps the update time of a write that leaves the document as it was.
            return new Outcome(current, results);
        }
        Timestamp created = current == null ? commitTime : current.createTime();
        return new Outcome(new StoredDocument(name, Map.copyOf(fields), created, commitTime), results);
    }

    private static void checkPrecondition(Write w, ResourceName name, StoredDocument current) {
        if (!w.hasCurrentDocument()) {
            return;
        }
        Precondition p = w.getCurrentDocument();
        switch (p.getConditionTypeCase()) {
            case EXISTS:
                if (p.getExists() && current == null) {
                    throw Status.NOT_FOUND
                            .withDescription("No document to update: " + name.name())
                            .asRuntimeException();
                }
                if (!p.getExists() && current != null) {
                    throw Status.ALREADY_EXISTS
                            .withDescription("Document already exists: " + name.name())
                            .asRuntimeException();
                }
                break;
            case UPDATE_TIME:
                if (current == null || !current.updateTime().equals(p.getUpdateTime())) {
                    throw Status.FAILED_PRECONDITION
                            .withDescription("The update time of " + name.name() + " does not match the precondition")
                            .asRuntimeException();
                }
                break;
            default:
                break;
        }
    }

    private static void validateFieldNames(Map<String, Value> fields) {
        for (Map.Entry<String, Value> e : fields.entrySet()) {
            String k = e.getKey();
            if (k.isEmpty()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Field names must not be empty")
                        .asRuntimeException();
            }
            if (Vectors.isVector(e.getValue())) {
                String problem = Vectors.checkShape(e.getValue().getMapValue());
                if (problem != null) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Field \"" + k + "\": " + problem)
                            .asRuntimeException();
                }
                continue;
            }
            if (k.length() > 4 && k.startsWith("__") && k.endsWith("__")) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Field name \"" + k + "\" is reserved")
                        .asRuntimeException();
            }
            if (e.getValue().getValueTypeCase() == Value.ValueTypeCase.VALUETYPE_NOT_SET) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("Field \"" + k + "\" has no value")
                        .asRuntimeException();
            }
            if (e.getValue().hasMapValue()) {
                validateFieldNames(e.getValue().getMapValue().getFieldsMap());
            }
        }
    }

    static FieldPath parsePath(String p) {
        try {
            return FieldPath.parse(p);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    private static Value transform(DocumentTransform.FieldTransform t, Value before, Timestamp commitTime) {
        switch (t.getTransformTypeCase()) {
            case SET_TO_SERVER_VALUE:
                if (t.getSetToServerValue() != DocumentTransform.FieldTransform.ServerValue.REQUEST_TIME) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("Unknown server value")
                            .asRuntimeException();
                }
                return Value.newBuilder().setTimestampValue(commitTime).build();
            case INCREMENT:
                return NumericTransforms.increment(before, requireNumber(t.getIncrement(), "increment"));
            case MAXIMUM:
                return NumericTransforms.maximum(before, requireNumber(t.getMaximum(), "maximum"));
            case MINIMUM:
                return NumericTransforms.minimum(before, requireNumber(t.getMinimum(), "minimum"));
            case APPEND_MISSING_ELEMENTS: {
                List<Value> out = new ArrayList<>(arrayOrEmpty(before));
                for (Value v : t.getAppendMissingElements().getValuesList()) {
                    if (out.stream().noneMatch(x -> ValueOrder.equal(x, v))) {
                        out.add(v);
                    }
                }
                return Value.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addAllValues(out))
                        .build();
            }
            case REMOVE_ALL_FROM_ARRAY: {
                List<Value> out = new ArrayList<>();
                for (Value x : arrayOrEmpty(before)) {
                    if (t.getRemoveAllFromArray().getValuesList().stream().noneMatch(v -> ValueOrder.equal(x, v))) {
                        out.add(x);
                    }
                }
                return Value.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addAllValues(out))
                        .build();
            }
            default:
                throw Status.INVALID_ARGUMENT
                        .withDescription("Unsupported field transform on " + t.getFieldPath())
                        .asRuntimeException();
        }
    }

    private static Value resultOf(DocumentTransform.FieldTransform t, Value after) {
        switch (t.getTransformTypeCase()) {
            case APPEND_MISSING_ELEMENTS:
            case REMOVE_ALL_FROM_ARRAY:
                return Value.newBuilder()
                        .setNullValue(com.google.protobuf.NullValue.NULL_VALUE)
                        .build();
            default:
                return after;
        }
    }

    private static Value requireNumber(Value v, String what) {
        if (!ValueOrder.isNumber(v)) {
            throw Status.INVALID_ARGUMENT
                    .withDescription(what + " operand must be a number")
                    .asRuntimeException();
        }
        return v;
    }

    private static List<Value> arrayOrEmpty(Value v) {
        return v != null && v.hasArrayValue() ? v.getArrayValue().getValuesList() : List.of();
    }

    /** A write's effect. */
    public record Outcome(StoredDocument after, List<Value> transformResults) {}
}

package org.sacredcouncil.emulator.firestore.query;

import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/** A compiled query filter; comparisons only match values of the operand's type class, as in Firestore. */
public abstract class DocumentFilter {
    static final DocumentFilter ALL = new DocumentFilter() {
        @Override
        boolean test(StoredDocument d) {
            return true;
        }

        @Override
        void collectInequalityFields(Set<FieldPath> out) {}
    };

    abstract boolean test(StoredDocument d);

    abstract void collectInequalityFields(Set<FieldPath> out);

    static FieldPath path(String p) {
        try {
            return FieldPath.parse(p);
        } catch (IllegalArgumentException e) {
            throw QueryPlan.invalid(e.getMessage());
        }
    }

    static Value valueOf(StoredDocument d, FieldPath p) {
        if (p.isName()) {
            return Value.newBuilder().setReferenceValue(d.name().name()).build();
        }
        return Fields.get(d.fields(), p);
    }

    static DocumentFilter compile(StructuredQuery.Filter f) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER: {
                List<DocumentFilter> parts = new ArrayList<>();
                for (StructuredQuery.Filter sub : f.getCompositeFilter().getFiltersList()) {
                    parts.add(compile(sub));
                }
                StructuredQuery.CompositeFilter.Operator op =
                        f.getCompositeFilter().getOp();
                if (op != StructuredQuery.CompositeFilter.Operator.AND
                        && op != StructuredQuery.CompositeFilter.Operator.OR) {
                    throw QueryPlan.invalid("Unsupported composite filter operator " + op);
                }
                return new Composite(op == StructuredQuery.CompositeFilter.Operator.AND, parts);
            }
            case FIELD_FILTER:
                return new Field(f.getFieldFilter());
            case UNARY_FILTER:
                return new Unary(f.getUnaryFilter());
            default:
                throw QueryPlan.invalid("Empty filter");
        }
    }

    private static final class Composite extends DocumentFilter {
        private final boolean and;
        private final List<DocumentFilter> parts;

        Composite(boolean and, List<DocumentFilter> parts) {
            this.and = and;
            this.parts = parts;
        }

        @Override
        boolean test(StoredDocument d) {
            if (and) {
                return parts.stream().allMatch(p -> p.test(d));
            }
            return parts.stream().anyMatch(p -> p.test(d));
        }

        @Override
        void collectInequalityFields(Set<FieldPath> out) {
            parts.forEach(p -> p.collectInequalityFields(out));
        }
    }

    private static final class Field extends DocumentFilter {
        private final FieldPath path;
        private final FieldFilter.Operator op;
        private final Value operand;

        Field(FieldFilter f) {
            this.path = path(f.getField().getFieldPath());
            this.op = f.getOp();
            this.operand = f.getValue();
            if (operand.getValueTypeCase() == Value.ValueTypeCase.VALUETYPE_NOT_SET) {
                throw QueryPlan.invalid("Filter on " + path + " has no value");
            }
            switch (op) {
                case IN:
                case NOT_IN:
                case ARRAY_CONTAINS_ANY:
                    if (!operand.hasArrayValue()) {
                        throw QueryPlan.invalid("'" + op + "' requires an array value");
                    }
                    break;
                case OPERATOR_UNSPECIFIED:
                case UNRECOGNIZED:
                    throw QueryPlan.invalid("Unsupported field filter operator " + op);
                default:
                    break;
            }
            if (path.isName()
                    && (op == FieldFilter.Operator.ARRAY_CONTAINS || op == FieldFilter.Operator.ARRAY_CONTAINS_ANY)) {
                throw QueryPlan.invalid("'" + op + "' cannot be used on __name__");
            }
        }

        @Override
        boolean test(StoredDocument d) {
            Value v = valueOf(d, path);
            if (v == null) {
                return false;
            }
            switch (op) {
                case EQUAL:
                    return ValueOrder.equal(v, operand);
                case NOT_EQUAL:
                    return !v.hasNullValue() && !ValueOrder.equal(v, operand);
                case LESS_THAN:
                    return sameType(v) && ValueOrder.compare(v, operand) < 0;
                case LESS_THAN_OR_EQUAL:
                    return sameType(v) && ValueOrder.compare(v, operand) <= 0;
                case GREATER_THAN:
                    return sameType(v) && ValueOrder.compare(v, operand) > 0;
                case GREATER_THAN_OR_EQUAL:
                    return sameType(v) && ValueOrder.compare(v, operand) >= 0;
                case ARRAY_CONTAINS:
                    return v.hasArrayValue() && contains(v.getArrayValue().getValuesList(), operand);
                case IN:
                    // A null in the list does not match null fields (Google's emulator agrees); use IS_NULL.
                    return !v.hasNullValue() && contains(operand.getArrayValue().getValuesList(), v);
                case NOT_IN:
                    return !v.hasNullValue()
                            && !contains(
                                    operand.getArrayValue().getValuesList(),
                                    Value.newBuilder()
                                            .setNullValue(com.google.protobuf.NullValue.NULL_VALUE)
                                            .build())
                            && !contains(operand.getArrayValue().getValuesList(), v);
                case ARRAY_CONTAINS_ANY:
                    if (!v.hasArrayValue()) {
                        return false;
                    }
                    for (Value e : v.getArrayValue().getValuesList()) {
                        if (contains(operand.getArrayValue().getValuesList(), e)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    return false;
            }
        }

        private boolean sameType(Value v) {
            if (ValueOrder.isNaN(v) || ValueOrder.isNaN(operand)) {
                return false;
            }
            return ValueOrder.typeRank(v) == ValueOrder.typeRank(operand);
        }

        private static boolean contains(List<Value> values, Value x) {
            for (Value e : values) {
                if (ValueOrder.equal(e, x)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        void collectInequalityFields(Set<FieldPath> out) {
            switch (op) {
                case LESS_THAN:
                case LESS_THAN_OR_EQUAL:
                case GREATER_THAN:
                case GREATER_THAN_OR_EQUAL:
                case NOT_EQUAL:
                case NOT_IN:
                    out.add(path);
                    break;
                default:
                    break;
            }
        }
    }

    private static final class Unary extends DocumentFilter {
        private final FieldPath path;
        private final UnaryFilter.Operator op;

        Unary(UnaryFilter f) {
            this.path = path(f.getField().getFieldPath());
            this.op = f.getOp();
            if (op == UnaryFilter.Operator.OPERATOR_UNSPECIFIED || op == UnaryFilter.Operator.UNRECOGNIZED) {
                throw QueryPlan.invalid("Unsupported unary filter operator " + op);
            }
        }

        @Override
        boolean test(StoredDocument d) {
            Value v = valueOf(d, path);
            if (v == null) {
                return false;
            }
            switch (op) {
                case IS_NAN:
                    return ValueOrder.isNaN(v);
                case IS_NULL:
                    return v.hasNullValue();
                case IS_NOT_NAN:
                    return !v.hasNullValue() && !ValueOrder.isNaN(v);
                case IS_NOT_NULL:
                    return !v.hasNullValue();
                default:
                    return false;
            }
        }

        @Override
        void collectInequalityFields(Set<FieldPath> out) {
            if (op == UnaryFilter.Operator.IS_NOT_NAN || op == UnaryFilter.Operator.IS_NOT_NULL) {
                out.add(path);
            }
        }
    }
}

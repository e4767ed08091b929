package org.sacredcouncil.emulator.firestore.query;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import com.google.protobuf.NullValue;
import java.util.List;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;

/** count / sum / avg over a query's results; sum stays an integer until it overflows or meets a double. */
public final class Aggregations {
    private Aggregations() {
    }

    public static AggregationResult compute(List<Aggregation> aggregations, List<StoredDocument> docs) {
        AggregationResult.Builder out = AggregationResult.newBuilder();
        int i = 0;
        for (Aggregation a : aggregations) {
            String alias = a.getAlias().isEmpty() ? "field_" + (++i) : a.getAlias();
            switch (a.getOperatorCase()) {
                case COUNT: {
                    long n = docs.size();
                    if (a.getCount().hasUpTo()) {
                        if (a.getCount().getUpTo().getValue() <= 0) {
                            throw QueryPlan.invalid("count up_to must be positive");
                        }
                        n = Math.min(n, a.getCount().getUpTo().getValue());
                    }
                    out.putAggregateFields(alias, Value.newBuilder().setIntegerValue(n).build());
                    break;
                }
                case SUM:
                    out.putAggregateFields(alias, sum(DocumentFilter.path(a.getSum().getField().getFieldPath()), docs));
                    break;
                case AVG:
                    out.putAggregateFields(alias, avg(DocumentFilter.path(a.getAvg().getField().getFieldPath()), docs));
                    break;
                default:
                    throw QueryPlan.invalid("Unsupported aggregation " + a.getOperatorCase());
            }
        }
        return out.build();
    }

    private static Value sum(FieldPath p, List<StoredDocument> docs) {
        long isum = 0;
        double dsum = 0;
        boolean isDouble = false;
        for (StoredDocument d : docs) {
            Value v = Fields.get(d.fields(), p);
            if (v == null) {
                continue;
            }
            if (v.hasIntegerValue() && !isDouble) {
                long r = isum + v.getIntegerValue();
                if (((isum ^ r) & (v.getIntegerValue() ^ r)) < 0) {
                    isDouble = true;
                    dsum = (double) isum + v.getIntegerValue();
                } else {
                    isum = r;
                }
            } else if (v.hasIntegerValue()) {
                dsum += v.getIntegerValue();
            } else if (v.hasDoubleValue()) {
                if (!isDouble) {
                    isDouble = true;
                    dsum = isum;
                }
                dsum += v.getDoubleValue();
            }
        }
        return isDouble ? Value.newBuilder().setDoubleValue(dsum).build() : Value.newBuilder().setIntegerValue(isum).build();
    }

    private static Value avg(FieldPath p, List<StoredDocument> docs) {
        double total = 0;
        long n = 0;
        for (StoredDocument d : docs) {
            Value v = Fields.get(d.fields(), p);
            if (v != null && v.hasIntegerValue()) {
                total += v.getIntegerValue();
                n++;
            } else if (v != null && v.hasDoubleValue()) {
                total += v.getDoubleValue();
                n++;
            }
        }
        return n == 0 ? Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()
                : Value.newBuilder().setDoubleValue(total / n).build();
    }
}

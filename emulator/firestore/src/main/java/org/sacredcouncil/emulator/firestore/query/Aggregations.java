package org.sacredcouncil.emulator.firestore.query;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.StructuredAggregationQuery.Aggregation;
import com.google.firestore.v1.Value;
import com.google.protobuf.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;

/** count / sum / avg over a query's results, with the service's numeric rules ({@link Numeric}). */
public final class Aggregations {
    private Aggregations() {}

    /** The service's bound on aggregations per query. */
    public static final int MAX_AGGREGATIONS = 5;

    /** Refuses what the service refuses before running anything: too many aggregations, repeated aliases. */
    public static void check(List<Aggregation> aggregations) {
        if (aggregations.isEmpty()) {
            throw QueryPlan.invalid("An aggregation query needs at least one aggregation");
        }
        if (aggregations.size() > MAX_AGGREGATIONS) {
            throw QueryPlan.invalid(
                    "Too many aggregations: " + aggregations.size() + " (at most " + MAX_AGGREGATIONS + ")");
        }
        java.util.Set<String> aliases = new java.util.HashSet<>();
        for (Aggregation a : aggregations) {
            if (!a.getAlias().isEmpty() && !aliases.add(a.getAlias())) {
                throw QueryPlan.invalid("Aggregation alias \"" + a.getAlias() + "\" is used twice");
            }
        }
    }

    /**
     * @param matching the query's results. As the service, which answers an aggregation from one index
     *                 scan, every aggregation (count included) only sees the documents that have every
     *                 field some sum or average names.
     */
    public static AggregationResult compute(List<Aggregation> aggregations, List<StoredDocument> matching) {
        check(aggregations);
        List<StoredDocument> docs = withEveryField(aggregations, matching);
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
                    out.putAggregateFields(
                            alias, Value.newBuilder().setIntegerValue(n).build());
                    break;
                }
                case SUM:
                    out.putAggregateFields(
                            alias,
                            Numeric.over(
                                            DocumentFilter.path(
                                                    a.getSum().getField().getFieldPath()),
                                            docs)
                                    .sum());
                    break;
                case AVG:
                    out.putAggregateFields(
                            alias,
                            Numeric.over(
                                            DocumentFilter.path(
                                                    a.getAvg().getField().getFieldPath()),
                                            docs)
                                    .average());
                    break;
                default:
                    throw QueryPlan.invalid("Unsupported aggregation " + a.getOperatorCase());
            }
        }
        return out.build();
    }

    private static List<StoredDocument> withEveryField(List<Aggregation> aggregations, List<StoredDocument> matching) {
        List<FieldPath> fields = new java.util.ArrayList<>();
        for (Aggregation a : aggregations) {
            if (a.hasSum()) {
                fields.add(DocumentFilter.path(a.getSum().getField().getFieldPath()));
            } else if (a.hasAvg()) {
                fields.add(DocumentFilter.path(a.getAvg().getField().getFieldPath()));
            }
        }
        if (fields.isEmpty()) {
            return matching;
        }
        List<StoredDocument> out = new java.util.ArrayList<>();
        for (StoredDocument d : matching) {
            if (fields.stream().allMatch(f -> Fields.get(d.fields(), f) != null)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The numeric values of a field across documents, as the service aggregates them: non-numeric values
     * (null included) are skipped; integers are summed exactly, so an intermediate overflow that a later
     * value brings back into range still yields an integer; the sum is a double when any value is a double
     * or the exact sum does not fit in 64 bits; NaN and infinities follow IEEE-754.
     */
    private record Numeric(BigInteger integers, double doubles, boolean sawDouble, long count) {
        static Numeric over(FieldPath p, List<StoredDocument> docs) {
            BigInteger ints = BigInteger.ZERO;
            double dbl = 0;
            boolean sawDouble = false;
            long n = 0;
            for (StoredDocument d : docs) {
                Value v = Fields.get(d.fields(), p);
                if (v == null) {
                    continue;
                }
                if (v.hasIntegerValue()) {
                    ints = ints.add(BigInteger.valueOf(v.getIntegerValue()));
                    n++;
                } else if (v.hasDoubleValue()) {
                    dbl += v.getDoubleValue();
                    sawDouble = true;
                    n++;
                }
            }
            return new Numeric(ints, dbl, sawDouble, n);
        }

        Value sum() {
            if (!sawDouble && integers.bitLength() < 64) {
                return Value.newBuilder().setIntegerValue(integers.longValue()).build();
            }
            return Value.newBuilder().setDoubleValue(total()).build();
        }

        Value average() {
            if (count == 0) {
                return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            }
            if (!sawDouble) {
                return Value.newBuilder()
                        .setDoubleValue(new BigDecimal(integers)
                                .divide(BigDecimal.valueOf(count), MathContext.DECIMAL64)
                                .doubleValue())
                        .build();
            }
            return Value.newBuilder().setDoubleValue(total() / count).build();
        }

        private double total() {
            return integers.signum() == 0 ? doubles : doubles + integers.doubleValue();
        }
    }
}

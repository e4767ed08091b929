package org.sacredcouncil.emulator.firestore.query;

import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.FindNearest.DistanceMeasure;
import com.google.firestore.v1.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.Fields;
import org.sacredcouncil.emulator.firestore.value.Vectors;

/**
 * A query's {@code find_nearest} stage: of the documents the filters kept, those whose vector field has
 * the query vector's dimension, nearest first (for DOT_PRODUCT the largest product first, since it grows
 * with similarity), within the distance threshold, at most {@code limit}. An exact scan: the service
 * uses an approximate index, so its order can differ on near ties, never on the set a threshold admits.
 */
final class NearestNeighbors {
    /** The service's bound on {@code limit}. */
    static final int MAX_LIMIT = 1000;

    private final FieldPath field;
    private final double[] query;
    private final DistanceMeasure measure;
    private final int limit;
    private final FieldPath resultField;
    private final Double threshold;

    private NearestNeighbors(StructuredQuery.FindNearest f) {
        if (!f.hasVectorField() || f.getVectorField().getFieldPath().isEmpty()) {
            throw QueryPlan.invalid("find_nearest.vector_field is required");
        }
        this.field = DocumentFilter.path(f.getVectorField().getFieldPath());
        if (!f.hasQueryVector()
                || !Vectors.isVector(f.getQueryVector())
                || Vectors.checkShape(f.getQueryVector().getMapValue()) != null) {
            throw QueryPlan.invalid("find_nearest.query_vector must be a vector value");
        }
        this.query = Vectors.elements(f.getQueryVector());
        if (query.length == 0) {
            throw QueryPlan.invalid("find_nearest.query_vector must have at least one dimension");
        }
        if (f.getDistanceMeasure() == DistanceMeasure.DISTANCE_MEASURE_UNSPECIFIED
                || f.getDistanceMeasure() == DistanceMeasure.UNRECOGNIZED) {
            throw QueryPlan.invalid("find_nearest.distance_measure is required");
        }
        this.measure = f.getDistanceMeasure();
        if (!f.hasLimit() || f.getLimit().getValue() <= 0 || f.getLimit().getValue() > MAX_LIMIT) {
            throw QueryPlan.invalid("find_nearest.limit must be between 1 and " + MAX_LIMIT);
        }
        this.limit = f.getLimit().getValue();
        this.resultField =
                f.getDistanceResultField().isEmpty() ? null : DocumentFilter.path(f.getDistanceResultField());
        this.threshold = f.hasDistanceThreshold() ? f.getDistanceThreshold().getValue() : null;
    }

    static NearestNeighbors compile(StructuredQuery q) {
        return q.hasFindNearest() ? new NearestNeighbors(q.getFindNearest()) : null;
    }

    /** @param matching documents that passed the query's filters, in name order */
    List<StoredDocument> select(List<StoredDocument> matching) {
        List<Scored> scored = new ArrayList<>();
        for (StoredDocument d : matching) {
            Value v = Fields.get(d.fields(), field);
            if (v == null || !Vectors.isVector(v)) {
                continue;
            }
            double[] e = Vectors.elements(v);
            if (e.length != query.length) {
                continue;
            }
            Double distance = distance(e);
            if (distance == null || !withinThreshold(distance)) {
                continue;
            }
            scored.add(new Scored(d, distance));
        }
        Comparator<Scored> nearestFirst = Comparator.comparingDouble(Scored::distance);
        if (measure == DistanceMeasure.DOT_PRODUCT) {
            nearestFirst = nearestFirst.reversed();
        }
        scored.sort(nearestFirst.thenComparing(s -> s.doc().name()));
        List<StoredDocument> out = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
            out.add(resultField == null ? s.doc() : withDistance(s.doc(), s.distance()));
        }
        return out;
    }

    private boolean withinThreshold(double distance) {
        if (threshold == null) {
            return true;
        }
        return measure == DistanceMeasure.DOT_PRODUCT ? distance >= threshold : distance <= threshold;
    }

    /** Null when the distance is undefined (cosine with a zero vector): such documents are not returned. */
    private Double distance(double[] e) {
        double dot = 0;
        double sq = 0;
        double ne = 0;
        double nq = 0;
        for (int i = 0; i < e.length; i++) {
            dot += e[i] * query[i];
            double diff = e[i] - query[i];
            sq += diff * diff;
            ne += e[i] * e[i];
            nq += query[i] * query[i];
        }
        switch (measure) {
            case EUCLIDEAN:
                return Math.sqrt(sq);
            case DOT_PRODUCT:
                return dot;
            case COSINE:
                if (ne == 0 || nq == 0) {
                    return null;
                }
                return 1 - dot / (Math.sqrt(ne) * Math.sqrt(nq));
            default:
                throw QueryPlan.invalid("Unsupported distance measure " + measure);
        }
    }

    private StoredDocument withDistance(StoredDocument d, double distance) {
        Map<String, Value> fields = Fields.set(
                d.fields(),
                resultField,
                Value.newBuilder().setDoubleValue(distance).build());
        return new StoredDocument(d.name(), fields, d.createTime(), d.updateTime());
    }

    private record Scored(StoredDocument doc, double distance) {}
}

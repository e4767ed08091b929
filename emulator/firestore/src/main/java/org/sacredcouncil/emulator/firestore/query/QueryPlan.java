package org.sacredcouncil.emulator.firestore.query;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Value;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.DocumentView;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;
import org.sacredcouncil.emulator.firestore.value.FieldPath;
import org.sacredcouncil.emulator.firestore.value.ValueOrder;

/**
 * A {@link StructuredQuery} compiled against its parent: scope, filter, the normalized order
 * (explicit orders, then inequality fields, then {@code __name__}), cursors, offset and limit.
 */
public final class QueryPlan {
    private final ResourceName parent;
    private final String collectionId;
    private final boolean allDescendants;
    private final DocumentFilter filter;
    private final List<SortKey> order;
    private final Cursor startAt;
    private final Cursor endAt;
    private final int offset;
    private final Integer limit;
    private final List<FieldPath> projection;
    private final NearestNeighbors nearest;

    private QueryPlan(ResourceName parent, StructuredQuery q) {
        this.parent = parent;
        if (q.getFromCount() != 1) {
            throw invalid("A query must select exactly one collection");
        }
        StructuredQuery.CollectionSelector from = q.getFrom(0);
        if (from.getCollectionId().isEmpty() && !from.getAllDescendants()) {
            throw invalid("A query needs a collection id");
        }
        this.collectionId = from.getCollectionId();
        if (ResourceName.isReserved(collectionId) || parent.reservedSegment() != null) {
            throw invalid("Collection id \""
                    + (ResourceName.isReserved(collectionId) ? collectionId : parent.reservedSegment())
                    + "\" is reserved (ids matching __.*__ are reserved)");
        }
        this.allDescendants = from.getAllDescendants();
        this.filter = q.hasWhere() ? DocumentFilter.compile(q.getWhere()) : DocumentFilter.ALL;
        this.order = normalizeOrder(q, filter);
        this.nearest = NearestNeighbors.compile(q);
        this.startAt = q.hasStartAt() ? q.getStartAt() : null;
        this.endAt = q.hasEndAt() ? q.getEndAt() : null;
        checkCursor(startAt);
        checkCursor(endAt);
        if (q.getOffset() < 0) {
            throw invalid("offset must be non-negative");
        }
        this.offset = q.getOffset();
        if (q.hasLimit() && q.getLimit().getValue() < 0) {
            throw invalid("limit must be non-negative");
        }
        this.limit = q.hasLimit() ? q.getLimit().getValue() : null;
        if (q.hasSelect()) {
            List<FieldPath> p = new ArrayList<>();
            for (StructuredQuery.FieldReference f : q.getSelect().getFieldsList()) {
                FieldPath fp = DocumentFilter.path(f.getFieldPath());
                if (!fp.isName()) {
                    p.add(fp);
                }
            }
            this.projection = p;
        } else {
            this.projection = null;
        }
    }

    public static QueryPlan compile(ResourceName parent, StructuredQuery q) {
        if (!parent.isRoot() && !parent.isDocument()) {
            throw invalid("The parent of a query must be the database root or a document: " + parent.name());
        }
        return new QueryPlan(parent, q);
    }

    private void checkCursor(Cursor c) {
        if (c != null && c.getValuesCount() > order.size()) {
            throw invalid("Too many cursor values: the query orders by " + order.size() + " fields");
        }
        if (c != null) {
            for (int i = 0; i < c.getValuesCount(); i++) {
                if (order.get(i).path().isName() && !c.getValues(i).hasReferenceValue()) {
                    throw invalid("A cursor on __name__ must be a document reference");
                }
            }
        }
    }

    private static List<SortKey> normalizeOrder(StructuredQuery q, DocumentFilter filter) {
        List<SortKey> out = new ArrayList<>();
        TreeSet<FieldPath> seen = new TreeSet<>();
        for (StructuredQuery.Order o : q.getOrderByList()) {
            FieldPath p = DocumentFilter.path(o.getField().getFieldPath());
            if (seen.add(p)) {
                out.add(new SortKey(p, o.getDirection() == StructuredQuery.Direction.DESCENDING));
            }
        }
        boolean lastDesc = !out.isEmpty() && out.get(out.size() - 1).descending();
        TreeSet<FieldPath> inequalities = new TreeSet<>();
        filter.collectInequalityFields(inequalities);
        for (FieldPath p : inequalities) {
            if (seen.add(p)) {
                out.add(new SortKey(p, lastDesc));
            }
        }
        FieldPath name = new FieldPath(List.of(FieldPath.NAME));
        if (seen.add(name)) {
            out.add(new SortKey(name, lastDesc));
        }
        return out;
    }

    static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    public List<FieldPath> projection() {
        return projection;
    }

    /** Whether the document lies in the collection (group) the query reads. */
    public boolean inScope(ResourceName doc) {
        if (!doc.isDocument()
                || !parent.isPrefixOf(doc)
                || doc.segments().size() <= parent.segments().size()) {
            return false;
        }
        if (allDescendants) {
            return collectionId.isEmpty() || doc.collectionId().equals(collectionId);
        }
        return doc.segments().size() == parent.segments().size() + 2
                && doc.collectionId().equals(collectionId);
    }

    /** Scope, filter and presence of every order field: the document can be a result (before cursors/limits). */
    public boolean matches(StoredDocument d) {
        if (!inScope(d.name()) || !filter.test(d)) {
            return false;
        }
        for (SortKey k : order) {
            if (DocumentFilter.valueOf(d, k.path()) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stand-in document name for checking list rules when a query has no result: its collection
     * with a placeholder id (for collection groups, the group id under the parent).
     */
    public ResourceName sampleDocument() {
        return parent.child(collectionId.isEmpty() ? "__any__" : collectionId).child("__query__");
    }

    public boolean hasLimitOrOffset() {
        return limit != null || offset > 0;
    }

    public boolean hasCursorsOrLimit() {
        return limit != null || offset > 0 || startAt != null || endAt != null;
    }

    /** Runs the query over the documents of a view (now, or a past read time). */
    public List<StoredDocument> run(DocumentView db) {
        ResourceName prefix = allDescendants ? parent : parent.child(collectionId);
        List<StoredDocument> hits = new ArrayList<>();
        for (StoredDocument d : db.under(prefix)) {
            if (matches(d)) {
                hits.add(d);
            }
        }
        return nearest != null ? nearest.select(hits) : window(hits);
    }

    /** Sorts matching documents and applies cursors, offset and limit. */
    public List<StoredDocument> window(List<StoredDocument> matching) {
        List<StoredDocument> hits = new ArrayList<>(matching);
        hits.sort(comparator());
        List<StoredDocument> out = new ArrayList<>();
        int skipped = 0;
        for (StoredDocument d : hits) {
            if (startAt != null && !afterStart(d)) {
                continue;
            }
            if (endAt != null && !beforeEnd(d)) {
                continue;
            }
            if (skipped < offset) {
                skipped++;
                continue;
            }
            if (limit != null && out.size() >= limit) {
                break;
            }
            out.add(d);
        }
        return out;
    }

    public Comparator<StoredDocument> comparator() {
        return (a, b) -> {
            for (SortKey k : order) {
                int c = ValueOrder.compare(DocumentFilter.valueOf(a, k.path()), DocumentFilter.valueOf(b, k.path()));
                if (c != 0) {
                    return k.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    /** Cursor position compared with a document's position, in the query's direction. */
    private int cursorVsDocument(Cursor c, StoredDocument d) {
        for (int i = 0; i < c.getValuesCount(); i++) {
            SortKey k = order.get(i);
            Value cv = c.getValues(i);
            int cmp = ValueOrder.compare(cv, DocumentFilter.valueOf(d, k.path()));
            if (cmp != 0) {
                return k.descending() ? -cmp : cmp;
            }
        }
        return 0;
    }

    private boolean afterStart(StoredDocument d) {
        int c = cursorVsDocument(startAt, d);
        return startAt.getBefore() ? c <= 0 : c < 0;
    }

    private boolean beforeEnd(StoredDocument d) {
        int c = cursorVsDocument(endAt, d);
        return endAt.getBefore() ? c > 0 : c >= 0;
    }

    /** One normalized order-by entry. */
    public record SortKey(FieldPath path, boolean descending) {}
}

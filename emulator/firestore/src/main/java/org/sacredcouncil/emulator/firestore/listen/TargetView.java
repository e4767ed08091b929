package org.sacredcouncil.emulator.firestore.listen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.query.QueryPlan;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/** One listen target (a query or a set of documents) and the documents the client currently holds for it. */
final class TargetView {
    private final int targetId;
    private final QueryPlan query;
    private final Set<ResourceName> documents;
    private final Map<ResourceName, StoredDocument> held = new HashMap<>();

    private TargetView(int targetId, QueryPlan query, Set<ResourceName> documents) {
        this.targetId = targetId;
        this.query = query;
        this.documents = documents;
    }

    static TargetView forQuery(int targetId, QueryPlan query) {
        return new TargetView(targetId, query, null);
    }

    static TargetView forDocuments(int targetId, Set<ResourceName> documents) {
        return new TargetView(targetId, null, documents);
    }

    int targetId() {
        return targetId;
    }

    Set<ResourceName> documentNames() {
        return documents;
    }

    QueryPlan query() {
        return query;
    }

    /** The current result of the target. */
    List<StoredDocument> evaluate(Database db) {
        if (query != null) {
            return query.run(db);
        }
        List<StoredDocument> out = new ArrayList<>();
        for (ResourceName n : documents) {
            StoredDocument d = db.get(n);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    boolean concerns(ResourceName changed) {
        return query != null ? query.inScope(changed) : documents.contains(changed);
    }

    /** Replaces the held set; returns what the client must be told. */
    Diff replace(List<StoredDocument> now) {
        Map<ResourceName, StoredDocument> next = new HashMap<>();
        for (StoredDocument d : now) {
            next.put(d.name(), d);
        }
        List<StoredDocument> upserts = new ArrayList<>();
        List<ResourceName> removals = new ArrayList<>();
        for (StoredDocument d : now) {
            StoredDocument before = held.get(d.name());
            if (before == null || !before.updateTime().equals(d.updateTime())) {
                upserts.add(d);
            }
        }
        for (ResourceName n : held.keySet()) {
            if (!next.containsKey(n)) {
                removals.add(n);
            }
        }
        held.clear();
        held.putAll(next);
        return new Diff(upserts, removals);
    }

    record Diff(List<StoredDocument> upserts, List<ResourceName> removals) {
        boolean isEmpty() {
            return upserts.isEmpty() && removals.isEmpty();
        }
    }
}

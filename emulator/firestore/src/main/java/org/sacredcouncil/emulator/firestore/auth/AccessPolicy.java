package org.sacredcouncil.emulator.firestore.auth;

import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/** Decides whether a caller may perform one operation on one document; throws PERMISSION_DENIED if not. */
public interface AccessPolicy {
    /** Operations as security rules name them. */
    enum Operation {
        GET,
        LIST,
        CREATE,
        UPDATE,
        DELETE
    }

    /**
     * @param existing the document now (null if absent)
     * @param after the document as the write would leave it (writes only; null for deletes and reads)
     */
    void check(
            Caller caller, Operation op, ResourceName doc, StoredDocument existing, StoredDocument after, Database db);

    AccessPolicy ALLOW_ALL = (caller, op, doc, existing, after, db) -> {};
}

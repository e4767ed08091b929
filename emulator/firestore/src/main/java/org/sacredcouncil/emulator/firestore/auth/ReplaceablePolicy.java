package org.sacredcouncil.emulator.firestore.auth;

import java.util.concurrent.atomic.AtomicReference;
import org.sacredcouncil.emulator.firestore.path.ResourceName;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.StoredDocument;

/** The policy in force; tools may replace the rules at run time (the emulator's securityRules endpoint). */
public final class ReplaceablePolicy implements AccessPolicy {
    private final AtomicReference<AccessPolicy> current;

    public ReplaceablePolicy(AccessPolicy initial) {
        this.current = new AtomicReference<>(initial);
    }

    public void replace(AccessPolicy next) {
        current.set(next);
    }

    @Override
    public void check(
            Caller caller, Operation op, ResourceName doc, StoredDocument existing, StoredDocument after, Database db) {
        current.get().check(caller, op, doc, existing, after, db);
    }
}

package org.sacredcouncil.emulator.firestore.store;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Databases are created on first use, like the emulator's: any project and database id works. */
public final class DatabaseRegistry {
    private final ConcurrentMap<String, Database> databases = new ConcurrentHashMap<>();
    private final CommitClock clock = new CommitClock();

    public Database database(String name) {
        return databases.computeIfAbsent(name, n -> new Database(n, clock));
    }

    public Collection<Database> all() {
        return databases.values();
    }

    public void resetAll() {
        for (Database d : databases.values()) {
            d.clear();
        }
    }
}

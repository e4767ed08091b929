package org.sacredcouncil.emulator.firestore.store;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** Databases are created on first use, like the emulator's: any project and database id works. */
public final class DatabaseRegistry {
    private final ConcurrentMap<String, Database> databases = new ConcurrentHashMap<>();
    private final CommitClock clock = new CommitClock();
    private volatile Consumer<Database> onCreate = db -> {};

    /** Runs for each database as it is created, before anyone can use it (persistence attaches its journal). */
    public void onCreate(Consumer<Database> hook) {
        this.onCreate = hook;
    }

    public Database database(String name) {
        return databases.computeIfAbsent(name, n -> {
            Database db = new Database(n, clock);
            onCreate.accept(db);
            return db;
        });
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

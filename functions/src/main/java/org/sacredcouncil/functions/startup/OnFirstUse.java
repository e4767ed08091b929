package org.sacredcouncil.functions.startup;

import java.util.function.Supplier;

/**
 * A client (the PostgreSQL pool, the Firestore client) built by the first caller that needs it, once, and
 * shared from then on.
 *
 * <p>Why: the invoker constructs the function before its HTTP server answers anything, and building a client
 * is mostly loading and initialising its classes (gRPC, protobuf, gax, HikariCP and the JDBC driver: thousands
 * of them) on one thread. A function's first request pays only for the clients it uses: heart's
 * {@code GET /v1/field} reads Firestore and never touches PostgreSQL or Pub/Sub, wisdom acknowledges a
 * presence event without either (bench/README.md, cold start). Built side by side on threads of their own
 * instead, they made the first answer later on a busy machine, not sooner: they compete for the same cores.
 *
 * <p>A failure to build is not kept: the next caller tries again (the clients here do not fail to build
 * when their service is down; they fail on use).
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<T> build;
    private volatile T value;

    private OnFirstUse(Supplier<T> build) {
        this.build = build;
    }

    public static <T> OnFirstUse<T> of(Supplier<T> build) {
        return new OnFirstUse<>(build);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = build.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** Whether it was built: {@code close} has nothing to release otherwise. */
    public boolean built() {
        return value != null;
    }
}

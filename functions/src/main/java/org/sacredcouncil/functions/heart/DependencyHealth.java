package org.sacredcouncil.functions.heart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * heart's own dependencies, checked for {@code GET /v1/healthz}: PostgreSQL (a pooled connection that answers
 * {@code isValid}) and Pub/Sub (a TCP connection to its endpoint opens). Each check is bounded by
 * {@link #TIMEOUT_MILLIS}; one result is reused for {@link #CACHE_MILLIS}, and a check still running from an
 * earlier round is never started twice — so however often probes come, one instance puts at most one check
 * on the database per {@link #CACHE_MILLIS} and never more than one in flight (docs/observability.md#origin-health).
 */
final class DependencyHealth {

    /** One answer serves every probe of this window: the edge's isolates and an uptime check share it. */
    static final long CACHE_MILLIS = 2_000;
    /** Well under the edge's probe timeout (2 s), so a hung dependency is named, not a timed-out probe. */
    static final long TIMEOUT_MILLIS = 1_500;

    /** What was checked and when; {@code failures} maps a dependency to why it failed (empty: healthy). */
    record Report(Map<String, String> failures, long checkedAtMillis) {
        boolean healthy() {
            return failures.isEmpty();
        }
    }

    private final Check postgresql;
    private final Check pubsub;
    private final LongSupplier clock;
    private Report cached;

    DependencyHealth(DataSource database, String pubsubHostAndPort, LongSupplier clock) {
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "heart-healthz");
            thread.setDaemon(true);
            return thread;
        });
        this.postgresql = new Check("postgresql", pool, () -> postgresql(database));
        this.pubsub = new Check("pubsub", pool, () -> reachable(pubsubHostAndPort));
        this.clock = clock;
    }

    /** The latest report, rechecked when older than {@link #CACHE_MILLIS}; concurrent callers wait for one check. */
    synchronized Report current() {
        long now = clock.getAsLong();
        if (cached != null && now - cached.checkedAtMillis() < CACHE_MILLIS) {
            return cached;
        }
        postgresql.start();
        pubsub.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        Map<String, String> failures = new LinkedHashMap<>();
        postgresql.awaitInto(failures, deadline);
        pubsub.awaitInto(failures, deadline);
        cached = new Report(Map.copyOf(failures), now);
        return cached;
    }

    private static String postgresql(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return connection.isValid((int) Math.max(1, TIMEOUT_MILLIS / 1000)) ? null : "connection not valid";
        }
    }

    private static String reachable(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        String host = hostAndPort.substring(0, colon);
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT_MILLIS);
            return null;
        }
    }

    /** One dependency's check: at most one run in flight, its outcome a failure reason or null. */
    private static final class Check {
        private final String name;
        private final ExecutorService pool;
        private final Callable<String> body;
        private Future<String> running;

        Check(String name, ExecutorService pool, Callable<String> body) {
            this.name = name;
            this.pool = pool;
            this.body = body;
        }

        void start() {
            if (running == null || running.isDone()) {
                running = pool.submit(body);
            }
        }

        void awaitInto(Map<String, String> failures, long deadlineNanos) {
            try {
                String failure = running.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (failure != null) {
                    failures.put(name, failure);
                }
            } catch (TimeoutException e) {
                // left running: the next round joins it instead of piling another check on a hung dependency
                failures.put(name, "no answer within " + TIMEOUT_MILLIS + " ms");
            } catch (ExecutionException e) {
                // the class only: a driver's message may quote a URL or a user name
                failures.put(name, e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(name, "interrupted");
            }
        }
    }
}

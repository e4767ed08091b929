package org.sacredcouncil.bench.functions;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudBuilder;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.store.KeysetCursor;

/**
 * Cost that follows the work, not the size of the log: each figure at a small and at a large log, printed as
 * a pair from the same run, against the real functions in the Functions Framework invoker (in this JVM) on
 * the local cloud's embedded PostgreSQL, Pub/Sub and Firestore emulators.
 *
 * <ul>
 *   <li>a coherence tick (push → 200) with {@code small} and with {@code large} message events in the log,
 *       all but the window's (the events memory recorded in this run) older than the window;</li>
 *   <li>heart's {@code GET /v1/messages} at page 1 and at page 1,000 (keyset cursor, 20 per page) of
 *       {@code large} messages;</li>
 *   <li>memory's cost per event (push → 200, one at a time) at about 10^3 and at {@code large} rows.</li>
 * </ul>
 *
 * <p>The old rows are generated in PostgreSQL ({@code generate_series}); the window's events come through
 * memory itself. Then the plans of the three queries (EXPLAIN) show which index serves each.
 *
 * <p>Arguments: {@code [large=1000000] [small=10000] [samples=15]}.
 */
public final class StoreScalingBenchmark {

    private static final String REGION = "bench-region";
    private static final int PAGE = 20;

    public static void main(String[] args) throws Exception {
        int large = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int small = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        LocalCloud cloud = LocalCloud.builder()
                .tickPeriod(LocalCloudBuilder.parseDuration("off"))
                .start();
        try {
            new StoreScalingBenchmark(cloud).run(large, small, samples);
        } finally {
            cloud.close();
            System.exit(0);
        }
    }

    /** One council log in a database of its own, with the functions that read and write it. */
    private final class Log {
        final DataSource db;
        final int heart;
        final int memory;
        final int coherence;
        int loaded;

        Log(String database) throws Exception {
            try (Connection c = cloud.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            }
            String url = cloud.jdbcUrl();
            int slash = url.lastIndexOf('/');
            int query = url.indexOf('?', slash);
            String own = url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(own);
            ds.setUser(cloud.dbUser());
            ds.setPassword(cloud.dbPassword());
            this.db = ds;
            // the functions read their configuration when they are created: this log's database
            Map<String, String> env = new HashMap<>(cloud.environment());
            env.put("DATABASE_URL", own);
            env.put("HEART_REGION", REGION);
            env.put("COUNCIL_REGIONS", REGION);
            FunctionConfig.override(env);
            this.heart = start(Pushes.HEART);
            this.memory = start(Pushes.MEMORY);
            this.coherence = start(Pushes.COHERENCE);
            expect200(get(heart, "/v1/messages?limit=1")); // migrates the schema
        }

        /**
         * Message events (and their messages rows) older than the window and the presence window (2 days and
         * more), as memory would have written them; 500 agents.
         */
        void loadOldTo(int target) throws SQLException {
            if (target <= loaded) {
                return;
            }
            String range = "FROM generate_series(" + (loaded + 1) + ", " + target + ") AS i";
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement()) {
                // the rows are consistent by construction: skip the per-row foreign-key trigger (a superuser setting)
                s.execute("SET session_replication_role = replica");
                s.execute("INSERT INTO events (event_id, type, agent_id, region, occurred_at, impact, cloud_event) "
                        + "SELECT 'old-evt-' || i, 'council.message.sent', 'agent-' || (i % 500), '" + REGION + "', "
                        + "now() - interval '2 days' - i * interval '1 second', 0.04, "
                        + "'{\"specversion\":\"1.0\",\"id\":\"old-evt-' || i || '\",\"type\":\"council.message.sent\","
                        + "\"source\":\"//sacred-council/heart\",\"subject\":\"agent-' || (i % 500) || '\",\"data\":{"
                        + "\"text\":\"an old blessing for the whole council\"}}' " + range);
                s.execute("INSERT INTO messages (id, event_id, agent_id, type, text, region, impact, sent_at) "
                        + "SELECT 'old-msg-' || i, 'old-evt-' || i, 'agent-' || (i % 500), 'blessing', "
                        + "'an old blessing for the whole council', '" + REGION + "', 0.04, "
                        + "now() - interval '2 days' - i * interval '1 second' " + range);
                s.execute("SET session_replication_role = DEFAULT");
                s.execute("ANALYZE events");
                s.execute("ANALYZE messages");
            }
            loaded = target;
        }

        int rows() throws SQLException {
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
                r.next();
                return r.getInt(1);
            }
        }

        long memoryOnce(int i) throws Exception {
            HttpRequest request = pushes.event(memory, Pushes.message("agent-" + (i % 50), REGION, i));
            long start = System.nanoTime();
            expect200(http.send(request, HttpResponse.BodyHandlers.ofString()));
            return System.nanoTime() - start;
        }

        long tickOnce() throws Exception {
            HttpRequest request = pushes.tick(coherence);
            long start = System.nanoTime();
            expect200(http.send(request, HttpResponse.BodyHandlers.ofString()));
            return System.nanoTime() - start;
        }
    }

    private final LocalCloud cloud;
    private final Pushes pushes;
    private final HttpClient http = HttpClient.newHttpClient();

    private StoreScalingBenchmark(LocalCloud cloud) {
        this.cloud = cloud;
        this.pushes = new Pushes(cloud.environment());
        // nothing consumes what heart and coherence publish: the figures are the functions' own
        cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, null);
        cloud.setPushEndpoint(Topology.WISDOM_SUBSCRIPTION, null);
        cloud.setPushEndpoint(Topology.COHERENCE_SUBSCRIPTION, null);
    }

    private static int start(String target) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        new Invoker(port, target, null, StoreScalingBenchmark.class.getClassLoader()).startTestServer();
        return port;
    }

    /**
     * The small and the large log live in two databases, each with its own heart, memory and coherence, so that
     * each pair is measured alternately (small, large, small, large...) and the machine's load falls on both.
     */
    private void run(int large, int small, int samples) throws Exception {
        long t0 = System.nanoTime();
        Log a = new Log("bench_small");
        Log b = new Log("bench_large");
        int windowEvents = 10 * samples;
        long loadStart = System.nanoTime();
        a.loadOldTo(1_000 - windowEvents);
        b.loadOldTo(large - windowEvents);
        System.out.printf(
                "loaded %,d + %,d old rows in %.1f s%n", a.loaded, b.loaded, (System.nanoTime() - loadStart) / 1e9);
        for (int i = 0; i < 2 * samples; i++) { // warm-up: JIT, pools, channels
            a.tickOnce();
            b.tickOnce();
        }
        // memory at about 10^3 and at `large` rows, alternated; these events are the window of the ticks
        List<Long> memoryA = new ArrayList<>();
        List<Long> memoryB = new ArrayList<>();
        for (int i = 0; i < windowEvents; i++) {
            memoryA.add(a.memoryOnce(i));
            memoryB.add(b.memoryOnce(i));
        }
        int memoryRowsA = a.rows();
        int memoryRowsB = b.rows();
        a.loadOldTo(small - windowEvents);
        List<Long> tickA = new ArrayList<>();
        List<Long> tickB = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            tickA.add(a.tickOnce());
            tickB.add(b.tickOnce());
        }
        String page1000 = cursorBefore(b.db, 999 * PAGE);
        double[] pages = pages(b.heart, page1000, 3 * samples);
        double tickSmall = Figures.medianMillis(tickA);
        double tickLarge = Figures.medianMillis(tickB);
        double memorySmall = Figures.medianMillis(memoryA);
        double memoryLarge = Figures.medianMillis(memoryB);

        System.out.println();
        System.out.println("| figure | small log | large log | large / small |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf(
                "| coherence tick, median ms (%d window events) | %.1f (%,d rows) | %.1f (%,d rows) | %.2f× |%n",
                windowEvents, tickSmall, a.rows(), tickLarge, b.rows(), tickLarge / tickSmall);
        System.out.printf(
                "| `GET /v1/messages`, median ms (page 1 / page 1,000 of %,d) | %.2f | %.2f | %.2f× |%n",
                b.rows(), pages[0], pages[1], pages[1] / pages[0]);
        System.out.printf(
                "| memory, median ms per event | %.2f (%,d rows) | %.2f (%,d rows) | %.2f× |%n",
                memorySmall, memoryRowsA, memoryLarge, memoryRowsB, memoryLarge / memorySmall);
        System.out.println();
        explain(b.db);
        System.out.printf("%nwhole run %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Page 1 and page 1,000, alternated so that both see the same machine. */
    private double[] pages(int heart, String cursor, int n) throws Exception {
        List<Long> first = new ArrayList<>();
        List<Long> later = new ArrayList<>();
        for (int i = 0; i < n + 5; i++) {
            long a = timed(heart, "/v1/messages?limit=" + PAGE);
            long b = timed(heart, "/v1/messages?limit=" + PAGE + "&cursor=" + cursor);
            if (i >= 5) {
                first.add(a);
                later.add(b);
            }
        }
        return new double[] {Figures.medianMillis(first), Figures.medianMillis(later)};
    }

    private long timed(int heart, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = get(heart, path);
        long elapsed = System.nanoTime() - start;
        expect200(r);
        if (!r.body().contains("\"nextCursor\":\"")) {
            throw new IllegalStateException("a full page should have a next cursor: " + r.body());
        }
        return elapsed;
    }

    /** The cursor a client holds after reading {@code skipped} messages (what page 999 handed it). */
    private static String cursorBefore(DataSource db, int skipped) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT sent_at, id FROM messages ORDER BY sent_at DESC, id DESC OFFSET ? LIMIT 1")) {
            s.setInt(1, skipped - 1);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new KeysetCursor(r.getTimestamp(1).getTime(), r.getString(2)).encode();
            }
        }
    }

    private static void explain(DataSource db) throws SQLException {
        String window = "SELECT e.event_id FROM events e WHERE e.type = 'council.message.sent' "
                + "AND e.occurred_at >= now() - interval '1 hour' AND e.occurred_at < now() + interval '1 minute' "
                + "ORDER BY e.occurred_at, e.event_id";
        String presence = "SELECT type, agent_id, region, occurred_at FROM events WHERE type IN "
                + "('council.message.sent', 'council.presence.beat', 'council.agent.joined', 'council.agent.left') "
                + "AND occurred_at >= now() - interval '5 minutes' AND agent_id IS NOT NULL";
        String page = "SELECT m.id FROM messages m LEFT JOIN message_glyphs g ON g.message_id = m.id "
                + "WHERE TRUE AND (m.sent_at, m.id) < (now() - interval '3 days', 'x') "
                + "ORDER BY m.sent_at DESC, m.id DESC LIMIT 21";
        for (String[] q : new String[][] {
            {"coherence window", window}, {"coherence presence", presence}, {"GET /v1/messages, a later page", page}
        }) {
            System.out.println("EXPLAIN " + q[0] + ":");
            try (Connection c = db.getConnection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + q[1])) {
                while (r.next()) {
                    System.out.println("    " + r.getString(1));
                }
            }
        }
    }

    private HttpResponse<String> get(int heart, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + heart + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect200(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("expected 200, got " + r.statusCode() + ": " + r.body());
        }
    }
}

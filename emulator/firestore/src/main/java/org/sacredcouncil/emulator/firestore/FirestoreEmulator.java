package org.sacredcouncil.emulator.firestore;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.emulator.firestore.auth.AccessPolicy;
import org.sacredcouncil.emulator.firestore.auth.CallerInterceptor;
import org.sacredcouncil.emulator.firestore.auth.ReplaceablePolicy;
import org.sacredcouncil.emulator.firestore.exchange.EmulatorExport;
import org.sacredcouncil.emulator.firestore.exchange.RestExport;
import org.sacredcouncil.emulator.firestore.grpc.FirestoreService;
import org.sacredcouncil.emulator.firestore.grpc.OpenCalls;
import org.sacredcouncil.emulator.firestore.http.PortUnification;
import org.sacredcouncil.emulator.firestore.http.RestEndpoints;
import org.sacredcouncil.emulator.firestore.persist.DataDirectory;
import org.sacredcouncil.emulator.firestore.persist.SyncPolicy;
import org.sacredcouncil.emulator.firestore.rules.RulesUpload;
import org.sacredcouncil.emulator.firestore.rules.SecurityRules;
import org.sacredcouncil.emulator.firestore.store.Database;
import org.sacredcouncil.emulator.firestore.store.DatabaseRegistry;
import org.sacredcouncil.emulator.firestore.txn.TransactionRegistry;

/**
 * The Firestore emulator: {@code google.firestore.v1.Firestore} over gRPC and the emulator REST
 * endpoints ({@code GET /}, reset) on one port, with security rules for end-user requests.
 */
public final class FirestoreEmulator implements AutoCloseable {
    private Server server;
    private final DatabaseRegistry databases;
    private final TransactionRegistry transactions;
    private final ReplaceablePolicy policy;
    private final String host;
    private final int port;
    private final DataDirectory data;
    private final OpenCalls openCalls;

    private FirestoreEmulator(
            Server server,
            DatabaseRegistry databases,
            TransactionRegistry transactions,
            ReplaceablePolicy policy,
            String host,
            DataDirectory data,
            OpenCalls openCalls) {
        this.server = server;
        this.openCalls = openCalls;
        this.databases = databases;
        this.transactions = transactions;
        this.policy = policy;
        this.host = host;
        this.port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        this.data = data;
    }

    /** @param port 0 picks a free port; @param rulesFile null = no rules (all allowed for every caller). In memory. */
    public static FirestoreEmulator start(String bindHost, int port, Path rulesFile) {
        return builder().host(bindHost).port(port).rules(rulesFile).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to start an emulator; only {@link #start()} has effects. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path rules;
        private Path dataDirectory;
        private SyncPolicy sync = SyncPolicy.parse(System.getenv("FIRESTORE_EMULATOR_FSYNC"));
        private long compactAfterBytes = DataDirectory.DEFAULT_COMPACT_AFTER_BYTES;
        private Path seed;

        private Builder() {}

        public Builder host(String bindHost) {
            this.host = bindHost == null || bindHost.isBlank() ? "127.0.0.1" : bindHost;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Security rules for end-user requests; null (the default) allows everything. */
        public Builder rules(Path rulesFile) {
            this.rules = rulesFile;
            return this;
        }

        /**
         * Keep the documents (and their versions of the last hour, for {@code read_time}) in this directory
         * across restarts; null (the default) = in memory only. See {@link DataDirectory} for the layout and
         * {@link SyncPolicy} for what a crash can lose.
         */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** Default: {@code FIRESTORE_EMULATOR_FSYNC}, else {@link SyncPolicy#COMMIT}. */
        public Builder syncPolicy(SyncPolicy policy) {
            this.sync = policy;
            return this;
        }

        /** A database's log is folded into its snapshot past this size (default 64 MiB). */
        public Builder compactAfterBytes(long bytes) {
            this.compactAfterBytes = bytes;
            return this;
        }

        /** Imports an export (see {@link #importFrom(Path)}) before serving, as {@code --import} does. */
        public Builder importFrom(Path export) {
            this.seed = export;
            return this;
        }

        public FirestoreEmulator start() {
            ReplaceablePolicy policy =
                    new ReplaceablePolicy(rules == null ? AccessPolicy.ALLOW_ALL : SecurityRules.load(rules));
            DatabaseRegistry databases = new DatabaseRegistry();
            DataDirectory data = dataDirectory == null
                    ? null
                    : DataDirectory.open(dataDirectory, databases, sync, compactAfterBytes);
            if (seed != null) {
                EmulatorExport.read(databases, seed);
            }
            TransactionRegistry transactions = new TransactionRegistry();
            OpenCalls openCalls = new OpenCalls();
            Server server;
            try {
                server = serve(host, port, databases, transactions, policy, openCalls);
            } catch (RuntimeException e) {
                if (data != null) {
                    data.close();
                }
                throw e;
            }
            return new FirestoreEmulator(server, databases, transactions, policy, host, data, openCalls);
        }
    }

    /**
     * Writes every database's current documents as {@code firebase emulators:export} does with Google's
     * emulator ({@link EmulatorExport}: its layout and its format, which Google's emulator imports).
     * @return the number of documents written
     */
    public long export(Path directory) {
        return EmulatorExport.write(databases, directory, null);
    }

    /** {@link #export(Path)} of one database ({@code projects/P/databases/D}) only. */
    public long export(Path directory, String database) {
        return EmulatorExport.write(databases, directory, database);
    }

    /**
     * Adds the documents of an export of ours, of Google's emulator or of {@code gcloud firestore export}
     * (its directory, its {@code firestore_export} folder or its {@code .overall_export_metadata} file)
     * into the project and database each document's key names; they get the import's commit time (the
     * format has no create or update times) and listeners see them. @return the number of documents
     * imported
     */
    public long importFrom(Path export) {
        return EmulatorExport.read(databases, export);
    }

    /**
     * {@link #importFrom(Path)} with every document put into one database ({@code projects/P/databases/D}),
     * whatever project the export was made in (Google's emulator seeds an export into any project).
     */
    public long importFrom(Path export, String database) {
        return EmulatorExport.read(databases, export, database);
    }

    /** The data directory, or null when in memory. */
    public Path dataDirectory() {
        return data == null ? null : data.root();
    }

    /** Folds the write-ahead logs into their snapshots now (also done past a size bound and at close). */
    public void compact() {
        if (data != null) {
            data.compact();
        }
    }

    private static Server serve(
            String host,
            int port,
            DatabaseRegistry databases,
            TransactionRegistry transactions,
            ReplaceablePolicy policy,
            OpenCalls openCalls) {
        FirestoreService service = new FirestoreService(databases, transactions, policy);
        PortUnification unification = new PortUnification(() -> new RestEndpoints(
                name -> databases.database(name).clear(),
                body -> RulesUpload.apply(body, policy),
                new RestExport(databases)::apply));
        Server server = NettyServerBuilder.forAddress(
                        new InetSocketAddress(host, port), InternalNettyServerCredentials.create(unification))
                .addService(ServerInterceptors.intercept(service, new CallerInterceptor(), openCalls))
                .maxInboundMessageSize(16 << 20)
                // Streamed responses (a document, then trailers) are small separate writes: without
                // TCP_NODELAY, Nagle holds the second until the client's delayed ACK (~40 ms).
                .withChildOption(ChannelOption.TCP_NODELAY, true)
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Firestore emulator on " + host + ":" + port, e);
        }
        return server;
    }

    /**
     * Stops serving (the port refuses connections, open calls fail) but keeps every document: an outage
     * of the service, for chaos tests. Open transactions are dropped, as their clients see them fail.
     */
    public synchronized void suspend() {
        if (server == null) {
            return;
        }
        shutdown(server);
        server = null;
        transactions.clear();
    }

    /** Serves the same documents again on the same port after {@link #suspend()}. */
    public synchronized void resume() {
        if (server == null) {
            server = serve(host, port, databases, transactions, policy, openCalls);
        }
    }

    /** gRPC calls (unary, streams, listeners) started and not yet ended or cancelled. */
    public int openCalls() {
        return openCalls.count();
    }

    public synchronized boolean serving() {
        return server != null;
    }

    /** "127.0.0.1:PORT", the value for FIRESTORE_EMULATOR_HOST. */
    public String hostAndPort() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public int port() {
        return port;
    }

    /** Deletes every document of every project (like the emulator's REST reset) and drops open transactions. */
    public void reset() {
        transactions.clear();
        databases.resetAll();
    }

    /** Deletes the documents of one database, {@code projects/P/databases/D}. */
    public void reset(String database) {
        Database d = databases.database(database);
        d.clear();
    }

    /** Stops serving; with a data directory, compacts it (the next start reads one snapshot per database). */
    @Override
    public synchronized void close() {
        if (server != null) {
            shutdown(server);
            server = null;
        }
        if (data != null) {
            data.close();
        }
    }

    private static void shutdown(Server server) {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standalone: {@code --host=127.0.0.1 --port=8080 --rules=firestore-rules/firestore.rules}. */
    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 8080;
        Path rules = null;
        Path dataDir = null;
        Path seed = null;
        Path exportOnExit = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value;
            String key;
            if (a.contains("=")) {
                key = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            } else {
                key = a;
                if (i + 1 >= args.length) {
                    usage("missing value for " + a);
                }
                value = args[++i];
            }
            switch (key) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = Integer.parseInt(value);
                    break;
                case "--rules":
                    rules = Path.of(value);
                    break;
                case "--data-dir":
                    dataDir = Path.of(value);
                    break;
                case "--import":
                    seed = Path.of(value);
                    break;
                case "--export-on-exit":
                    exportOnExit = Path.of(value);
                    break;
                default:
                    usage("unknown option " + key);
            }
        }
        long t0 = System.nanoTime();
        FirestoreEmulator emulator = builder()
                .host(host)
                .port(port)
                .rules(rules)
                .dataDirectory(dataDir)
                .importFrom(seed)
                .start();
        System.out.printf(
                "{\"severity\":\"INFO\",\"message\":\"Firestore emulator ready\",\"host\":\"%s\","
                        + "\"rules\":\"%s\",\"dataDir\":\"%s\",\"startupMillis\":%d,\"time\":\"%s\"}%n",
                emulator.hostAndPort(),
                rules == null ? "" : rules.toString().replace("\\", "/"),
                dataDir == null ? "" : dataDir.toString().replace("\\", "/"),
                (System.nanoTime() - t0) / 1_000_000,
                Instant.now());
        Path exportDir = exportOnExit;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (exportDir != null) {
                emulator.export(exportDir);
            }
            emulator.close();
        }));
        emulator.server.awaitTermination();
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: FirestoreEmulator [--host 127.0.0.1] [--port 8080] [--rules path/to/firestore.rules]"
                + " [--data-dir DIR] [--import EXPORT_DIR] [--export-on-exit EXPORT_DIR]");
        System.exit(2);
    }
}

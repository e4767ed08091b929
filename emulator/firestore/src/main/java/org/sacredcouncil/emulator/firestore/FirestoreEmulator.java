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
import org.sacredcouncil.emulator.firestore.rules.RulesUpload;
import org.sacredcouncil.emulator.firestore.grpc.FirestoreService;
import org.sacredcouncil.emulator.firestore.http.PortUnification;
import org.sacredcouncil.emulator.firestore.http.RestEndpoints;
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

    private FirestoreEmulator(Server server, DatabaseRegistry databases, TransactionRegistry transactions,
                              ReplaceablePolicy policy, String host) {
        this.server = server;
        this.databases = databases;
        this.transactions = transactions;
        this.policy = policy;
        this.host = host;
        this.port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** @param port 0 picks a free port; @param rulesFile null = no rules (all allowed for every caller). */
    public static FirestoreEmulator start(String bindHost, int port, Path rulesFile) {
        ReplaceablePolicy policy = new ReplaceablePolicy(rulesFile == null ? AccessPolicy.ALLOW_ALL : SecurityRules.load(rulesFile));
        DatabaseRegistry databases = new DatabaseRegistry();
        TransactionRegistry transactions = new TransactionRegistry();
        String host = bindHost == null || bindHost.isBlank() ? "127.0.0.1" : bindHost;
        Server server = serve(host, port, databases, transactions, policy);
        return new FirestoreEmulator(server, databases, transactions, policy, host);
    }

    private static Server serve(String host, int port, DatabaseRegistry databases, TransactionRegistry transactions,
                                ReplaceablePolicy policy) {
        FirestoreService service = new FirestoreService(databases, transactions, policy);
        PortUnification unification = new PortUnification(() -> new RestEndpoints(
                name -> databases.database(name).clear(), body -> RulesUpload.apply(body, policy)));
        Server server = NettyServerBuilder
                .forAddress(new InetSocketAddress(host, port), InternalNettyServerCredentials.create(unification))
                .addService(ServerInterceptors.intercept(service, new CallerInterceptor()))
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
            server = serve(host, port, databases, transactions, policy);
        }
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

    @Override
    public synchronized void close() {
        if (server != null) {
            shutdown(server);
            server = null;
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
                default:
                    usage("unknown option " + key);
            }
        }
        long t0 = System.nanoTime();
        FirestoreEmulator emulator = start(host, port, rules);
        System.out.printf("{\"severity\":\"INFO\",\"message\":\"Firestore emulator ready\",\"host\":\"%s\","
                        + "\"rules\":\"%s\",\"startupMillis\":%d,\"time\":\"%s\"}%n",
                emulator.hostAndPort(), rules == null ? "" : rules.toString().replace("\\", "/"),
                (System.nanoTime() - t0) / 1_000_000, Instant.now());
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        emulator.server.awaitTermination();
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: FirestoreEmulator [--host 127.0.0.1] [--port 8080] [--rules path/to/firestore.rules]");
        System.exit(2);
    }
}

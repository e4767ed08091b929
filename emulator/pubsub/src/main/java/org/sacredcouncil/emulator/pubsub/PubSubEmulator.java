package org.sacredcouncil.emulator.pubsub;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A Pub/Sub emulator: the google.pubsub.v1 Publisher and Subscriber services over plaintext gRPC,
 * state in memory. Point clients at {@link #hostAndPort()} (the value for
 * {@code PUBSUB_EMULATOR_HOST}); {@link PubSubClients} builds the official clients for it.
 */
public final class PubSubEmulator implements AutoCloseable {

    private static final JsonLog LOG = JsonLog.forComponent("pubsub-emulator");
    /** How long a unary Pull with nothing to deliver waits before answering empty. */
    static final long DEFAULT_PULL_WAIT_MILLIS = 2_000;

    private final Broker broker;
    private final Server server;
    private final String host;

    private PubSubEmulator(Broker broker, Server server, String host) {
        this.broker = broker;
        this.server = server;
        this.host = host;
    }

    /** Starts on 127.0.0.1; {@code port} 0 picks a free port. */
    public static PubSubEmulator start(int port) {
        return start("127.0.0.1", port);
    }

    public static PubSubEmulator start(String bindHost, int port) {
        return start(bindHost, port, null);
    }

    /**
     * With {@code dataDir} (null: memory only) topics, subscriptions, snapshots, schemas and every
     * unacknowledged message (with its delivery attempts) are kept there and restored at the next start;
     * see {@link Journal} for what a crash can lose. Leases end with the run: a message leased at a stop
     * or crash counts that delivery as failed and is delivered again; ack ids from before are stale.
     */
    public static PubSubEmulator start(String bindHost, int port, java.nio.file.Path dataDir) {
        return start(bindHost, port, dataDir, java.time.Clock.systemUTC());
    }

    /** With a wall clock of the test's (publish times, retention, snapshot expiry). */
    static PubSubEmulator start(String bindHost, int port, java.nio.file.Path dataDir, java.time.Clock wall) {
        Broker broker = new Broker(dataDir, wall);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
                .addService(new PublisherService(broker))
                .addService(new SubscriberService(broker, DEFAULT_PULL_WAIT_MILLIS))
                .addService(new SchemaService(broker))
                .maxInboundMessageSize(20 * 1024 * 1024)
                .permitKeepAliveWithoutCalls(true)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException("Pub/Sub emulator could not bind " + bindHost + ":" + port, e);
        }
        PubSubEmulator emulator = new PubSubEmulator(broker, server, bindHost);
        LOG.info("Pub/Sub emulator listening", "hostAndPort", emulator.hostAndPort());
        return emulator;
    }

    /** {@code host:port}, the value for {@code PUBSUB_EMULATOR_HOST}. */
    public String hostAndPort() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    public int port() {
        return server.getPort();
    }

    /** Whether the state is kept in a data directory across restarts. */
    public boolean persistent() {
        return broker.persistent();
    }

    /** Deletes every topic and subscription (and their messages). */
    public void reset() {
        broker.reset();
    }

    /** Unacknowledged messages of a subscription (in backlog, waiting out a backoff, or leased). */
    public int backlog(String subscriptionName) {
        return broker.backlog(subscriptionName);
    }

    @Override
    public void close() {
        broker.closeStreams();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        broker.close();
    }
}

package org.sacredcouncil.emulator.pubsub.conformance;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** A real HTTP endpoint for push tests: records each request and answers with a chosen status. */
final class PushReceiver implements AutoCloseable {

    record Request(Map<String, List<String>> headers, String body, long atMillis) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private PushReceiver(HttpServer server) {
        this.server = server;
    }

    static PushReceiver start(int port, IntSupplier status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            PushReceiver receiver = new PushReceiver(server);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                receiver.requests.add(
                        new Request(Map.copyOf(exchange.getRequestHeaders()), body, System.currentTimeMillis()));
                exchange.sendResponseHeaders(status.getAsInt(), -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    Request awaitRequests(int count, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (requests.size() < count && System.currentTimeMillis() < end) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (requests.size() < count) {
            throw new AssertionError("expected " + count + " push requests, got " + requests.size());
        }
        return requests.get(count - 1);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

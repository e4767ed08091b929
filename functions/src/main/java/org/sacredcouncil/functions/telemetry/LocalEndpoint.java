package org.sacredcouncil.functions.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A function's local telemetry endpoint (prometheus mode), on 127.0.0.1 and a port of its own — never the
 * function's own port, so it is not part of heart's API, the edge never proxies it, and on Cloud Functions
 * (one port per instance) it cannot exist. {@code GET /metrics}: Prometheus text format 0.0.4;
 * {@code GET /traces[?traceId=T]}: the {@link SpanStore}'s spans as JSON.
 */
final class LocalEndpoint implements AutoCloseable {

    private final HttpServer server;

    LocalEndpoint(int port, String service, PrometheusMetricReader metrics, SpanStore spans) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            text.write(body, metrics.collect());
            answer(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, body.toByteArray());
        });
        server.createContext("/traces", exchange -> {
            String traceId = queryValue(exchange.getRequestURI().getRawQuery(), "traceId");
            answer(
                    exchange,
                    200,
                    "application/json",
                    spans.toJson(service, traceId).getBytes(StandardCharsets.UTF_8));
        });
        server.createContext(
                "/",
                exchange -> answer(
                        exchange,
                        404,
                        "application/json",
                        "{\"error\":{\"code\":\"not_found\",\"message\":\"GET /metrics or /traces\"}}"
                                .getBytes(StandardCharsets.UTF_8)));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "telemetry-" + service);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static String queryValue(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                status = 405;
                body = "{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"GET only\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

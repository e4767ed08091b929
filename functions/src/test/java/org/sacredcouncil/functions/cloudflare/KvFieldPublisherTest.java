package org.sacredcouncil.functions.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;

/**
 * The KV write against a local server that answers like the Cloudflare API does, and only when the
 * request is the one the real API expects: PUT on .../accounts/{a}/storage/kv/namespaces/{n}/values/{key}
 * with a bearer token; anything else gets the API's error envelope.
 */
class KvFieldPublisherTest {

    /** One recorded PUT: path, Authorization header, body. */
    record Put(String path, String authorization, String body) {}

    static final String PATH = "/client/v4/accounts/acc-123/storage/kv/namespaces/ns-456/values/field-state";

    HttpServer server;
    final List<Put> puts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/client/v4/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            String answer;
            if (!exchange.getRequestMethod().equals("PUT") || !path.equals(PATH)) {
                status = 404;
                answer =
                        "{\"success\":false,\"errors\":[{\"code\":7003,\"message\":\"No route\"}],\"messages\":[],\"result\":null}";
            } else if (!"Bearer token-789".equals(auth)) {
                status = 403;
                answer =
                        "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"messages\":[],\"result\":null}";
            } else {
                puts.add(new Put(path, auth, body));
                status = 200;
                answer = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":null}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    @Test
    void putsTheFieldStateUnderTheFieldStateKey() throws IOException {
        FieldState state = FieldState.initial().withVersion(7, 1_795_723_200_000L);
        new KvFieldPublisher(base(), "acc-123", "ns-456", "token-789").put(FieldStateJson.write(state));
        assertThat(puts).hasSize(1);
        assertThat(FieldStateJson.parse(puts.get(0).body())).isEqualTo(state);
    }

    @Test
    void refusalsAreErrors() {
        assertThatThrownBy(() -> new KvFieldPublisher(base(), "acc-123", "ns-456", "wrong").put("{}"))
                .hasMessageContaining("403");
        assertThatThrownBy(() -> new KvFieldPublisher(base(), "other", "ns-456", "token-789").put("{}"))
                .hasMessageContaining("404");
        assertThat(puts).isEmpty();
    }
}

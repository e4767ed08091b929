package org.sacredcouncil.functions.it;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.edge.EdgeSignature;
import org.sacredcouncil.functions.edge.SignedRequest;

/**
 * A heart with {@code EDGE_SECRET} set, and a client that signs as the edge does (v2,
 * docs/contracts.md#edge-signature) — written here from the contract, not taken from the edge.
 */
final class SignedHeart {

    static final String SECRET = "sacred-test-secret";
    private static SignedHeart shared;
    private static final SecureRandom RANDOM = new SecureRandom();

    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EdgeSignature signer = new EdgeSignature(SECRET);

    private SignedHeart(int port) {
        this.port = port;
    }

    static synchronized SignedHeart start(LocalCloud cloud) throws Exception {
        if (shared == null) {
            FunctionStack.on(cloud);
            FunctionConfig.override(Map.of("EDGE_SECRET", SECRET));
            try {
                shared = new SignedHeart(FunctionStack.start(FunctionStack.HEART));
            } finally {
                FunctionConfig.override(Collections.singletonMap("EDGE_SECRET", null));
            }
        }
        return shared;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The headers the edge would add to this request (signed now, with a fresh nonce). */
    Map<String, String> edgeHeaders(String method, String host, String target, String body, String authorization) {
        return edgeHeaders(method, host, target, body, authorization, System.currentTimeMillis() / 1000);
    }

    Map<String, String> edgeHeaders(String method, String host, String target, String body, String authorization,
                                    long t) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String v1 = target.substring(target.indexOf("/v1/"));
        SignedRequest request = new SignedRequest(method, host, v1, EdgeSignature.sha256Hex(bytes), authorization,
                "2026-11-26T20:00:00.250Z", "7", "0.5", "req-" + nonce());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Edge-Signature", signer.header(t, nonce(), request));
        headers.put("X-Edge-Arrival", request.arrival());
        headers.put("X-Field-Version", request.fieldVersion());
        headers.put("X-Field-Coherence", request.fieldCoherence());
        headers.put("X-Request-Id", request.requestId());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    HttpResponse<String> send(String method, String target, String body, boolean signed) throws Exception {
        return send(method, target, body, signed ? edgeHeaders(method, host(), target, body, null) : Map.of());
    }

    HttpResponse<String> send(String method, String target, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + target))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Status and body over a raw socket: for a request target or Host that java.net.http would not send. */
    record Raw(int status, String headers, String body) {
    }

    static Raw raw(int port, String method, String target, String host, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(response.substring(9, 12)), response.substring(0, end),
                    response.substring(end + 4));
        }
    }
}

package org.sacredcouncil.functions.it;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * A heart with {@code EDGE_SECRET} set, and a client that signs as the edge does (v2,
 * docs/contracts.md#edge-signature) — written here from the contract, independently of heart's verifier
 * (and checked against the contract's test vector in {@code EdgeSignatureTest}).
 */
final class SignedHeart {

    static final String SECRET = "sacred-test-secret";
    private static SignedHeart shared;
    private static final SecureRandom RANDOM = new SecureRandom();

    final int port;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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

    Map<String, String> edgeHeaders(
            String method, String host, String target, String body, String authorization, long t) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String nonce = nonce();
        String requestId = "req-" + nonce();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(
                "X-Edge-Signature",
                "t=" + t + ",n=" + nonce + ",v2="
                        + v2(
                                SECRET,
                                t,
                                nonce,
                                method,
                                host,
                                target.substring(target.indexOf("/v1/")),
                                bytes,
                                authorization,
                                "2026-11-26T20:00:00.250Z",
                                "7",
                                "0.5",
                                requestId));
        headers.put("X-Edge-Arrival", "2026-11-26T20:00:00.250Z");
        headers.put("X-Field-Version", "7");
        headers.put("X-Field-Coherence", "0.5");
        headers.put("X-Request-Id", requestId);
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    /** The twelve-line canonical string of the contract, HMAC-SHA256 with the secret, lowercase hex. */
    static String v2(
            String secret,
            long t,
            String nonce,
            String method,
            String host,
            String pathAndQuery,
            byte[] body,
            String authorization,
            String arrival,
            String fieldVersion,
            String fieldCoherence,
            String requestId) {
        try {
            String canonical = String.join(
                    "\n",
                    "v2",
                    Long.toString(t),
                    nonce,
                    method,
                    host,
                    pathAndQuery,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body)),
                    authorization == null ? "" : authorization,
                    arrival,
                    fieldVersion,
                    fieldCoherence,
                    requestId);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(String method, String target, String body, boolean signed) throws Exception {
        return send(method, target, body, signed ? edgeHeaders(method, host(), target, body, null) : Map.of());
    }

    HttpResponse<String> send(String method, String target, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host() + target))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Status and body over a raw socket: for a request target or Host that java.net.http would not send. */
    record Raw(int status, String headers, String body) {}

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
            return new Raw(
                    Integer.parseInt(response.substring(9, 12)),
                    response.substring(0, end),
                    response.substring(end + 4));
        }
    }
}

package org.sacredcouncil.emulator.cloud.run;

import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServiceScaling;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Cloud Run Admin API v2 locally, only as far as the scaling step uses it, over the REST surface the official
 * Java client's HttpJson transport speaks: {@code GET /v2/{service}}, {@code PATCH /v2/{service}?updateMask=...}
 * answered with a finished long-running operation, and {@code GET /v2/{operation}}. Like the local stand-in for
 * Cloudflare's KV API, it answers only the requests the real API would accept and refuses the rest with Google's
 * error JSON ({@code {"error":{"code","message","status"}}}):
 *
 * <ul>
 *   <li>a malformed service name → 400, an unknown service → 404 (no {@code allowMissing} creation);
 *   <li>a body that does not parse as a {@code google.cloud.run.v2.Service} (unknown field, wrong type) → 400;
 *   <li>a body whose {@code name} differs from the URL's → 400;
 *   <li>a missing {@code updateMask}, or one naming anything but {@code scaling.min_instance_count} /
 *       {@code scaling.max_instance_count} → 400: the step must never touch the revision template (a new
 *       revision per decision) or anything else;
 *   <li>counts out of range (min &lt; 0, max &lt; 1 or over {@value #MAX_INSTANCES}, min &gt; max after the update)
 *       → 400.
 * </ul>
 *
 * Every accepted update is kept ({@link #updates()}) and given to the listener (the local cloud prints it);
 * every refusal too ({@link #refusals()}), so that a test sees what was refused and why.
 */
public final class CloudRunAdminStandIn implements AutoCloseable {

    /** Cloud Run's ceiling for max instances without a quota increase (per service, per region). */
    public static final int MAX_INSTANCES = 1000;

    static final Set<String> SCALING_PATHS = Set.of("scaling.min_instance_count", "scaling.max_instance_count");

    private static final JsonFormat.TypeRegistry TYPES =
            JsonFormat.TypeRegistry.newBuilder().add(Service.getDescriptor()).build();

    /** A refused request: its method, path and the error it got. */
    public record Refusal(String method, String path, int status, String message) {}

    private final HttpServer server;
    private final Map<String, Service> services = new TreeMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final List<ScalingUpdate> updates = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final AtomicLong operationIds = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private volatile Consumer<ScalingUpdate> listener = u -> {};

    private CloudRunAdminStandIn(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0 = a free port). */
    public static CloudRunAdminStandIn start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        CloudRunAdminStandIn standIn = new CloudRunAdminStandIn(server);
        server.createContext("/", standIn::handle);
        server.start();
        return standIn;
    }

    /** The endpoint to give the client: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A deployed service, with its service-level scaling. */
    public synchronized void addService(String name, int minInstances, int maxInstances) {
        if (!ServiceName.isValid(name)) {
            throw new IllegalArgumentException("not a Cloud Run service name: " + name);
        }
        services.put(
                name,
                Service.newBuilder()
                        .setName(name)
                        .setUid("uid-" + ServiceName.id(name))
                        .setGeneration(1)
                        .setScaling(ServiceScaling.newBuilder()
                                .setMinInstanceCount(minInstances)
                                .setMaxInstanceCount(maxInstances))
                        .build());
    }

    public synchronized Service service(String name) {
        return services.get(name);
    }

    public void onUpdate(Consumer<ScalingUpdate> listener) {
        this.listener = listener;
    }

    public List<ScalingUpdate> updates() {
        return List.copyOf(updates);
    }

    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** Every request seen, answered or refused: an idempotent step that sends nothing leaves it unchanged. */
    public long requestCount() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        // google-http-client's default transport (HttpURLConnection) cannot send PATCH: it sends POST with
        // X-HTTP-Method-Override, which Google's front ends honour
        String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
        String method = exchange.getRequestMethod().equals("POST") && override != null
                ? override.toUpperCase(java.util.Locale.ROOT)
                : exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            if (!path.startsWith("/v2/")) {
                throw new ApiError(404, "NOT_FOUND", "no such API: " + path);
            }
            String name = URLDecoder.decode(path.substring(4), StandardCharsets.UTF_8);
            String json;
            if (name.contains("/operations/")) {
                json = operation(method, name);
            } else if (method.equals("GET")) {
                json = JsonFormat.printer().print(known(name));
            } else if (method.equals("PATCH")) {
                json = patch(name, query, new String(body, StandardCharsets.UTF_8));
            } else {
                throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " " + path + " is not part of the stand-in");
            }
            send(exchange, 200, json);
        } catch (ApiError e) {
            refusals.add(new Refusal(method, path, e.code, e.getMessage()));
            send(exchange, e.code, errorJson(e));
        }
    }

    private synchronized String operation(String method, String name) throws IOException {
        Operation op = operations.get(name);
        if (!method.equals("GET") || op == null) {
            throw new ApiError(404, "NOT_FOUND", "operation " + name + " not found");
        }
        return JsonFormat.printer().usingTypeRegistry(TYPES).print(op);
    }

    private synchronized Service known(String name) {
        if (!ServiceName.isValid(name)) {
            throw new ApiError(400, "INVALID_ARGUMENT", "name: not a service name: " + name);
        }
        Service service = services.get(name);
        if (service == null) {
            throw new ApiError(
                    404,
                    "NOT_FOUND",
                    "Resource '" + ServiceName.id(name) + "' of kind 'SERVICE' in " + ServiceName.parent(name)
                            + " does not exist.");
        }
        return service;
    }

    private synchronized String patch(String name, Map<String, String> query, String body) throws IOException {
        Service current = known(name);
        if (Boolean.parseBoolean(query.getOrDefault("allowMissing", "false"))) {
            throw new ApiError(400, "INVALID_ARGUMENT", "allow_missing: the scaling step never creates services");
        }
        Service.Builder sent = Service.newBuilder();
        try {
            JsonFormat.parser().merge(body, sent);
        } catch (InvalidProtocolBufferException e) {
            throw new ApiError(400, "INVALID_ARGUMENT", "service: " + e.getMessage());
        }
        if (!sent.getName().equals(name)) {
            throw new ApiError(
                    400, "INVALID_ARGUMENT", "service.name: '" + sent.getName() + "' differs from the URL's " + name);
        }
        String mask = query.get("updateMask");
        if (mask == null || mask.isBlank()) {
            throw new ApiError(400, "INVALID_ARGUMENT", "update_mask: required (the step updates named fields only)");
        }
        List<String> paths = new ArrayList<>();
        for (String p : mask.split(",", -1)) {
            String snake = snakeCase(p.trim());
            if (!SCALING_PATHS.contains(snake)) {
                throw new ApiError(400, "INVALID_ARGUMENT", "update_mask: '" + p + "' is not a scaling count");
            }
            paths.add(snake);
        }
        ServiceScaling before = current.getScaling();
        ServiceScaling.Builder after = before.toBuilder();
        if (paths.contains("scaling.min_instance_count")) {
            after.setMinInstanceCount(sent.getScaling().getMinInstanceCount());
        }
        if (paths.contains("scaling.max_instance_count")) {
            after.setMaxInstanceCount(sent.getScaling().getMaxInstanceCount());
        }
        int min = after.getMinInstanceCount();
        int max = after.getMaxInstanceCount();
        if (min < 0) {
            throw new ApiError(400, "INVALID_ARGUMENT", "service.scaling.min_instance_count: must be >= 0, was " + min);
        }
        if (max < 1 || max > MAX_INSTANCES) {
            throw new ApiError(
                    400,
                    "INVALID_ARGUMENT",
                    "service.scaling.max_instance_count: must be within [1, " + MAX_INSTANCES + "], was " + max);
        }
        if (min > max) {
            throw new ApiError(
                    400,
                    "INVALID_ARGUMENT",
                    "service.scaling: min_instance_count " + min + " exceeds max_instance_count " + max);
        }
        boolean validateOnly = Boolean.parseBoolean(query.getOrDefault("validateOnly", "false"));
        Service updated = validateOnly
                ? current.toBuilder().setScaling(after).build()
                : current.toBuilder()
                        .setScaling(after)
                        .setGeneration(current.getGeneration() + 1)
                        .build();
        if (!validateOnly) {
            services.put(name, updated);
        }
        String opName = ServiceName.parent(name) + "/operations/op-" + operationIds.incrementAndGet();
        Operation op = Operation.newBuilder()
                .setName(opName)
                .setDone(true)
                .setMetadata(Any.pack(updated))
                .setResponse(Any.pack(updated))
                .build();
        operations.put(opName, op);
        ScalingUpdate update = new ScalingUpdate(
                name, before.getMinInstanceCount(), before.getMaxInstanceCount(), min, max, String.join(",", paths));
        if (!validateOnly) {
            updates.add(update);
            listener.accept(update);
        }
        return JsonFormat.printer().usingTypeRegistry(TYPES).print(op);
    }

    /** Field masks travel in JSON's lowerCamelCase ({@code scaling.minInstanceCount}); the API takes either. */
    static String snakeCase(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                out.append('_').append((char) (c - 'A' + 'a'));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            // a repeated parameter (updateMask=a&updateMask=b) is a list, as Google's REST mapping reads it
            out.merge(k, v, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String errorJson(ApiError e) {
        return "{\"error\":{\"code\":" + e.code + ",\"message\":\"" + escape(e.getMessage()) + "\",\"status\":\""
                + e.status + "\"}}";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A refusal with Google's status name (INVALID_ARGUMENT, NOT_FOUND, ...). */
    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final String status;

        ApiError(int code, String status, String message) {
            super(message);
            this.code = code;
            this.status = status;
        }
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * The four functions in Functions Framework invokers inside the test JVM, wired to one local cloud:
 * the push subscriptions point at the invokers in CloudEvent mode. Started once per JVM.
 */
public final class FunctionStack {

    public static final String HEART = "org.sacredcouncil.functions.heart.HeartFunction";
    public static final String MEMORY = "org.sacredcouncil.functions.memory.MemoryFunction";
    public static final String WISDOM = "org.sacredcouncil.functions.wisdom.WisdomFunction";
    public static final String COHERENCE = "org.sacredcouncil.functions.coherence.CoherenceFunction";

    private static FunctionStack shared;

    public final LocalCloud cloud;
    public final int heartPort;
    public final int memoryPort;
    public final int wisdomPort;
    public final int coherencePort;
    public final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FunctionStack(LocalCloud cloud) throws Exception {
        this.cloud = cloud;
        FunctionConfig.override(environmentOf(cloud));
        heartPort = start(HEART);
        memoryPort = start(MEMORY);
        wisdomPort = start(WISDOM);
        coherencePort = start(COHERENCE);
        cloud.setPushEndpoint(Topology.MEMORY_SUBSCRIPTION, "http://127.0.0.1:" + memoryPort + "/");
        cloud.setPushEndpoint(Topology.WISDOM_SUBSCRIPTION, "http://127.0.0.1:" + wisdomPort + "/");
        cloud.setPushEndpoint(Topology.COHERENCE_SUBSCRIPTION, "http://127.0.0.1:" + coherencePort + "/");
    }

    public static synchronized FunctionStack on(LocalCloud cloud) throws Exception {
        if (shared == null) {
            shared = new FunctionStack(cloud);
        }
        return shared;
    }

    public static Map<String, String> environmentOf(LocalCloud cloud) {
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("HEART_REGION", "test-home");
        // telemetry on in every function test (functions/README.md#telemetry): it must never change an answer;
        // port 0: each function's endpoint on a free port of its own (Telemetry.of(name).endpointPort())
        env.put("TELEMETRY_EXPORTER", "prometheus");
        env.put("TELEMETRY_PORT", "0");
        // docs/contracts.md#regions: the regions the functions' tests name
        env.put(
                "COUNCIL_REGIONS",
                "test-home,api-region,pipeline-region,europe-west1,us-central1,bench-region,"
                        + "dup-region,model-region,restart-region,cold-region,hub-region");
        return env;
    }

    /** Starts one function in an invoker on a free port (config is read when the function is created). */
    public static int start(String target) throws Exception {
        int port = freePort();
        Invoker invoker = new Invoker(port, target, null, FunctionStack.class.getClassLoader());
        invoker.startTestServer();
        return port;
    }

    /**
     * Starts {@code targets} with {@code config} over the stack's configuration (read when each function is
     * created), then takes {@code config}'s keys away again, so that functions started later do not see them;
     * the ports, in the order of {@code targets}.
     */
    public static int[] startWith(Map<String, String> config, String... targets) throws Exception {
        FunctionConfig.override(config);
        try {
            int[] ports = new int[targets.length];
            for (int i = 0; i < targets.length; i++) {
                ports[i] = start(targets[i]);
            }
            return ports;
        } finally {
            Map<String, String> cleared = new HashMap<>();
            config.keySet().forEach(k -> cleared.put(k, null));
            FunctionConfig.override(cleared);
        }
    }

    public static Invoker startInvoker(String target, int port) throws Exception {
        Invoker invoker = new Invoker(port, target, null, FunctionStack.class.getClassLoader());
        invoker.startTestServer();
        return invoker;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public HttpResponse<String> heart(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + heartPort + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Registers an agent through heart (201 expected); its API key. */
    public String registerAgent(String id, String region) throws Exception {
        HttpResponse<String> r = heart(
                "POST",
                "/v1/agents",
                "{\"id\":\"" + id + "\",\"name\":\"Agent " + id + "\",\"region\":\"" + region + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JsonReader.parseObject(r.body()).string("apiKey");
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * wisdom with WISDOM_MODEL_URL and coherence with Cloudflare credentials, each in its own invoker,
 * against one local server that plays both the chat-completions endpoint and the Cloudflare API.
 */
@ExtendWith(LocalCloudExtension.class)
class CloudIntegrationsTest {

    static LocalCloud cloud;
    static FunctionStack stack;
    static HttpServer fake;
    static final List<String> kvPuts = new CopyOnWriteArrayList<>();
    /** The next this many KV writes answer 503, as Cloudflare's API does when it is unavailable. */
    static final java.util.concurrent.atomic.AtomicInteger kvFailures = new java.util.concurrent.atomic.AtomicInteger();

    static int wisdomPort;
    static int coherencePort;
    static final String GLYPH = GlyphCatalog.standard().all().get(2).symbol();

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String content = "{\"glyphs\":[\"" + GLYPH + "\"],\"reflection\":\"The model was here.\"}";
            String body = new JsonWriter()
                    .beginObject()
                    .name("choices")
                    .beginArray()
                    .beginObject()
                    .name("message")
                    .beginObject()
                    .name("role")
                    .value("assistant")
                    .name("content")
                    .value(content)
                    .endObject()
                    .endObject()
                    .endArray()
                    .endObject()
                    .toString();
            JsonAnswer.send(exchange, 200, body);
        });
        fake.createContext("/client/v4/accounts/acc/storage/kv/namespaces/ns/values/field-state", exchange -> {
            if (kvFailures.get() > 0) {
                kvFailures.decrementAndGet();
                exchange.getRequestBody().readAllBytes();
                JsonAnswer.send(
                        exchange,
                        503,
                        "{\"success\":false,\"errors\":[{\"code\":10013}],\"messages\":[],\"result\":null}");
            } else if (exchange.getRequestMethod().equals("PUT")
                    && "Bearer tok".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                kvPuts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                JsonAnswer.send(exchange, 200, "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":null}");
            } else {
                JsonAnswer.send(
                        exchange,
                        403,
                        "{\"success\":false,\"errors\":[{\"code\":10000}],\"messages\":[],\"result\":null}");
            }
        });
        fake.start();
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        Map<String, String> extra = new HashMap<>();
        extra.put("WISDOM_MODEL_URL", base + "/v1");
        extra.put("WISDOM_MODEL_NAME", "fake-model");
        extra.put("CF_ACCOUNT_ID", "acc");
        extra.put("CF_KV_NAMESPACE_ID", "ns");
        extra.put("CF_API_TOKEN", "tok");
        extra.put("CF_API_BASE_URL", base + "/client/v4");
        extra.put("FIELD_ORIGINS", "[{\"id\":\"eu\",\"url\":\"https://eu.example\",\"region\":\"europe-west1\"}]");
        int[] ports = FunctionStack.startWith(extra, FunctionStack.WISDOM, FunctionStack.COHERENCE);
        wisdomPort = ports[0];
        coherencePort = ports[1];
    }

    @AfterAll
    static void stop() {
        fake.stop(0);
    }

    @Test
    void wisdomStoresTheModelsGlyphsAndReflection() throws Exception {
        MessageSent event = PipelineTest.messageEvent("model-region", 1, System.currentTimeMillis());
        assertThat(Push.deliver(
                        stack.http, wisdomPort, "w-" + UUID.randomUUID(), EventCodec.toCloudEventJson(event, "//test")))
                .isEqualTo(200);
        DocumentSnapshot doc = cloud.firestore()
                .collection("messages")
                .document(event.message().id())
                .get()
                .get();
        assertThat(doc.get("glyphs")).isEqualTo(List.of(GLYPH));
        assertThat(doc.getString("reflection")).isEqualTo("The model was here.");
        assertThat(PipelineTest.count(
                        cloud.dataSource(),
                        "SELECT count(*) FROM message_glyphs WHERE message_id = ? AND source = 'model:fake-model'",
                        event.message().id()))
                .isEqualTo(1);
    }

    @Test
    void coherenceWritesTheFieldStateToCloudflareKv() throws Exception {
        int before = kvPuts.size();
        assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        assertThat(kvPuts).hasSize(before + 1);
        FieldState pushed = FieldStateJson.parse(kvPuts.get(kvPuts.size() - 1));
        FieldState stored = PipelineTest.field(cloud.firestore());
        // the edge routes with the KV copy's origins; the public Firestore document has none
        assertThat(pushed.withOrigins(List.of())).isEqualTo(stored);
        assertThat(pushed.origins()).extracting(o -> o.id()).containsExactly("eu");
        assertThat(pushed.origins()).extracting(o -> o.url()).containsExactly("https://eu.example");
    }

    @Test
    void thePubliclyReadableFieldDocumentCarriesNoOriginUrl() throws Exception {
        assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        DocumentSnapshot doc =
                cloud.firestore().collection("field").document("global").get().get();
        assertThat(String.valueOf(doc.getData())).doesNotContain("eu.example").doesNotContain("url");
        FieldState field = FieldStateJson.parse(doc.getString("json"));
        assertThat(field.origins()).isEmpty();
        // an origin carries its region's coherence (other tests in this JVM may have moved europe-west1's)
        double regionCoherence = field.regions().containsKey("europe-west1")
                ? field.regions().get("europe-west1").coherence()
                : CoherenceModel.DEFAULT.baseline();
        assertThat(doc.get("origins"))
                .isEqualTo(
                        Map.of("eu", Map.of("region", "europe-west1", "healthy", true, "coherence", regionCoherence)));
    }

    @Test
    void aFailedKvWriteIsMadeUpByTheNextTickAndKvVersionsOnlyGrow() throws Exception {
        int before = kvPuts.size();
        kvFailures.set(1);
        assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .as("a KV outage does not fail the tick")
                .isEqualTo(200);
        long afterFailure = PipelineTest.field(cloud.firestore()).version();
        assertThat(kvPuts).hasSize(before);
        assertThat(Push.deliver(stack.http, coherencePort, "tick-" + UUID.randomUUID(), "{}"))
                .isEqualTo(200);
        assertThat(kvPuts).hasSize(before + 1);
        FieldState madeUp = FieldStateJson.parse(kvPuts.get(kvPuts.size() - 1));
        assertThat(madeUp.version()).isGreaterThan(afterFailure);
        assertThat(madeUp.version())
                .isEqualTo(PipelineTest.field(cloud.firestore()).version());
        long previous = 0;
        for (String put : kvPuts) {
            long version = FieldStateJson.parse(put).version();
            assertThat(version).as("KV versions in the order written").isGreaterThan(previous);
            previous = version;
        }
    }
}

package org.sacredcouncil.functions.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;

/**
 * heart's GraphQL over HTTP in the invoker (docs/graphql.md): answers equal to the REST answers, mutations that are
 * the REST writes (status, codes, fields, idempotency, events), the pause, the request errors and limits, persisted
 * queries, federation, the subscription plan, and no 5xx for any document or variables a client can send.
 */
@ExtendWith(LocalCloudExtension.class)
class GraphqlTest {

    static FunctionStack stack;
    static String key;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        HeartApiTest.start(localCloud);
        stack = HeartApiTest.stack;
        key = HeartApiTest.key;
        ArtifactsTest.start(localCloud); // its agents, messages and artifacts on the same stack
    }

    static String request(String query, String variables) {
        JsonWriter w = new JsonWriter().beginObject().name("query").value(query);
        if (variables != null) {
            w.name("variables").rawValue(variables);
        }
        return w.endObject().toString();
    }

    static HttpResponse<String> gql(String query, String variables, String... headers) throws Exception {
        return stack.heart("POST", "/v1/graphql", request(query, variables), headers);
    }

    static HttpResponse<String> gqlGet(String params, String... headers) throws Exception {
        return stack.heart("GET", "/v1/graphql?" + params, null, headers);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonObject data(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = JsonReader.parseObject(r.body());
        assertThat(body.has("errors")).as(r.body()).isFalse();
        return body.object("data");
    }

    static JsonObject firstError(HttpResponse<String> r) {
        return JsonReader.parseObject(r.body()).objects("errors").get(0);
    }

    static String code(HttpResponse<String> r) {
        return firstError(r).object("extensions").string("code");
    }

    static JsonObject rest(String path) throws Exception {
        HttpResponse<String> r = stack.heart("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonReader.parseObject(r.body());
    }

    @Test
    void fieldAgentAndGlyphsEqualTheRestAnswers() throws Exception {
        HttpResponse<String> r = gql(
                "{ field { version updatedAt coherence agents loveAmplification regions { region coherence agents } }"
                        + " agent(id: \"api-agent\") { id name region joinedAt lastSeen }"
                        + " glyphs { symbol name meaning keywords } }",
                null);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/graphql-response+json");
        JsonObject data = data(r);
        JsonObject field = rest("/v1/field");
        JsonObject f = data.object("field");
        assertThat(f.number("version")).isEqualTo(field.number("version"));
        assertThat(f.string("updatedAt")).isEqualTo(field.string("updatedAt"));
        assertThat(f.number("coherence")).isEqualTo(field.object("global").number("coherence"));
        assertThat(f.integer("agents")).isEqualTo(field.object("global").integer("agents"));
        assertThat(f.number("loveAmplification"))
                .isEqualTo(field.object("sacred").number("loveAmplification"));
        List<String> regions = new ArrayList<>(field.object("regions").names());
        regions.sort(null);
        assertThat(f.objects("regions").stream().map(x -> x.string("region")).toList())
                .isEqualTo(regions);
        for (JsonObject region : f.objects("regions")) {
            JsonObject expected = field.object("regions").object(region.string("region"));
            assertThat(region.number("coherence")).isEqualTo(expected.number("coherence"));
            assertThat(region.integer("agents")).isEqualTo(expected.integer("agents"));
        }

        JsonObject agent = rest("/v1/agents/api-agent");
        JsonObject a = data.object("agent");
        for (String name : List.of("id", "name", "region", "joinedAt", "lastSeen")) {
            assertThat(a.optString(name, null)).as(name).isEqualTo(agent.optString(name, null));
        }
        assertThat(data.array("glyphs")).isEqualTo(rest("/v1/glyphs").array("glyphs"));

        // a REST refusal of a read is a field error with the REST code and field
        HttpResponse<String> missing = gql("{ agent(id: \"nobody-here\") { id } }", null);
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(JsonReader.parseObject(missing.body()).object("data").has("agent"))
                .isFalse();
        assertThat(code(missing)).isEqualTo("not_found");
        assertThat(firstError(missing).object("extensions").string("field")).isEqualTo("id");
    }

    @Test
    void mutationsAreTheRestWritesAndMessagesPageAsRestDoes() throws Exception {
        String agentId = "gql-" + UUID.randomUUID().toString().substring(0, 8);
        String register = "mutation($in: RegisterAgentInput!) { registerAgent(input: $in) {"
                + " agent { id name region joinedAt } apiKey note } }";
        HttpResponse<String> reg = gql(register, "{\"in\":{\"id\":\"" + agentId + "\",\"name\":\"Graph agent\"}}");
        assertThat(reg.statusCode()).as(reg.body()).isEqualTo(201);
        JsonObject registered =
                JsonReader.parseObject(reg.body()).object("data").object("registerAgent");
        String agentKey = registered.string("apiKey");
        assertThat(registered.object("agent").string("region")).isEqualTo("test-home");
        JsonObject restAgent = rest("/v1/agents/" + agentId);
        assertThat(registered.object("agent").string("joinedAt")).isEqualTo(restAgent.string("joinedAt"));
        // the same id again: REST's 409 agent_exists, field id, as the status of the GraphQL answer
        HttpResponse<String> twice = gql(register, "{\"in\":{\"id\":\"" + agentId + "\",\"name\":\"Graph agent\"}}");
        HttpResponse<String> restTwice =
                stack.heart("POST", "/v1/agents", "{\"id\":\"" + agentId + "\",\"name\":\"Graph agent\"}");
        assertThat(twice.statusCode()).isEqualTo(restTwice.statusCode()).isEqualTo(409);
        assertThat(code(twice)).isEqualTo(HeartApiTest.error(restTwice).string("code"));
        assertThat(firstError(twice).object("extensions").string("field"))
                .isEqualTo(HeartApiTest.error(restTwice).string("field"));

        HeartApiTest.tapped();
        String send = "mutation($in: SendMessageInput!) { sendMessage(input: $in) { eventId messageId impact"
                + " consciousness { coherenceBefore coherenceAfter loveAmplification } } }";
        String auth = "Bearer " + agentKey;
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> sent = gql(
                    send, "{\"in\":{\"type\":\"insight\",\"text\":\"graph page " + i + "\"}}", "Authorization", auth);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            JsonObject s = JsonReader.parseObject(sent.body()).object("data").object("sendMessage");
            assertThat(s.string("messageId")).isEqualTo("msg-" + s.string("eventId"));
            eventIds.add(s.string("eventId"));
        }
        List<String> published = HeartApiTest.tapped();
        for (String eventId : eventIds) {
            assertThat(published.stream().filter(m -> m.contains(eventId)).count())
                    .as("one council.message.sent per write")
                    .isEqualTo(1);
        }

        // invalid text: REST's 400, code and field
        String nul = "{\"in\":{\"type\":\"insight\",\"text\":\"a\\u0000b\"}}";
        HttpResponse<String> bad = gql(send, nul, "Authorization", auth);
        HttpResponse<String> restBad = stack.heart(
                "POST", "/v1/messages", "{\"type\":\"insight\",\"text\":\"a\\u0000b\"}", "Authorization", auth);
        assertThat(bad.statusCode()).isEqualTo(restBad.statusCode()).isEqualTo(400);
        assertThat(code(bad)).isEqualTo(HeartApiTest.error(restBad).string("code"));
        assertThat(firstError(bad).object("extensions").string("field"))
                .isEqualTo(HeartApiTest.error(restBad).string("field"))
                .isEqualTo("text");
        HttpResponse<String> anonymous = gql(send, "{\"in\":{\"type\":\"insight\",\"text\":\"hi\"}}");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(code(anonymous)).isEqualTo("unauthenticated");

        // Idempotency-Key: the same answer and event id, one publish
        String idem = UUID.randomUUID().toString();
        String once = "{\"in\":{\"type\":\"blessing\",\"text\":\"graph once " + idem + "\"}}";
        HttpResponse<String> first = gql(send, once, "Authorization", auth, "Idempotency-Key", idem);
        HttpResponse<String> again = gql(send, once, "Authorization", auth, "Idempotency-Key", idem);
        assertThat(first.statusCode()).isEqualTo(again.statusCode()).isEqualTo(202);
        String firstId = JsonReader.parseObject(first.body())
                .object("data")
                .object("sendMessage")
                .string("eventId");
        assertThat(JsonReader.parseObject(again.body())
                        .object("data")
                        .object("sendMessage")
                        .string("eventId"))
                .isEqualTo(firstId);
        assertThat(HeartApiTest.tapped().stream().filter(m -> m.contains(idem)).count())
                .isEqualTo(1);

        HttpResponse<String> beat = gql("mutation { beatPresence { eventId at } }", null, "Authorization", auth);
        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(202);

        // the messages through both APIs, page by page over the same cursors
        FunctionStack.await("the graph agent's messages", Duration.ofSeconds(30), () -> {
            try {
                return rest("/v1/messages?agentId=" + agentId + "&limit=100")
                                .objects("messages")
                                .size()
                        == 4;
            } catch (Exception e) {
                return false;
            }
        });
        String page = "query($a: ID, $after: String) { messages(agentId: $a, first: 3, after: $after) {"
                + " edges { cursor node { id eventId agentId type text region sentAt impact glyphs { symbol name } } }"
                + " pageInfo { hasNextPage endCursor } } }";
        JsonObject p1 = data(gql(page, "{\"a\":\"" + agentId + "\"}")).object("messages");
        JsonObject r1 = rest("/v1/messages?agentId=" + agentId + "&limit=3");
        assertSamePage(p1, r1);
        assertThat(p1.object("pageInfo").bool("hasNextPage")).isTrue();
        assertThat(p1.object("pageInfo").string("endCursor")).isEqualTo(r1.string("nextCursor"));
        JsonObject p2 = data(gql(
                        page,
                        "{\"a\":\"" + agentId + "\",\"after\":\""
                                + p1.object("pageInfo").string("endCursor") + "\"}"))
                .object("messages");
        JsonObject r2 = rest("/v1/messages?agentId=" + agentId + "&limit=3&cursor=" + r1.string("nextCursor"));
        assertSamePage(p2, r2);
        assertThat(p2.objects("edges")).hasSize(1);
        assertThat(p2.object("pageInfo").bool("hasNextPage")).isFalse();
    }

    static void assertSamePage(JsonObject connection, JsonObject restPage) {
        List<JsonObject> edges = connection.objects("edges");
        List<JsonObject> messages = restPage.objects("messages");
        assertThat(edges).hasSameSizeAs(messages);
        for (int i = 0; i < edges.size(); i++) {
            JsonObject node = edges.get(i).object("node");
            JsonObject m = messages.get(i);
            for (String name : List.of("id", "agentId", "type", "text", "region", "sentAt")) {
                assertThat(node.string(name)).as(name).isEqualTo(m.string(name));
            }
            assertThat(node.number("impact")).isEqualTo(m.number("impact"));
            assertThat(node.objects("glyphs").stream()
                            .map(g -> g.string("symbol"))
                            .toList())
                    .isEqualTo(m.strings("glyphs"));
        }
    }

    @Test
    void fieldHistoryAndRotateKeyAreTheirRestRoutes() throws Exception {
        JsonObject history = data(gql(
                        "{ fieldHistory(minutes: 5) { minutes points { at version coherence agentsPresent"
                                + " regions { region coherence agents } } } }",
                        null))
                .object("fieldHistory");
        JsonObject restHistory = rest("/v1/field/history?minutes=5");
        assertThat(history.integer("minutes")).isEqualTo(restHistory.integer("minutes"));
        assertThat(history.objects("points").stream().map(p -> p.string("at")).toList())
                .isEqualTo(restHistory.objects("points").stream()
                        .map(p -> p.string("at"))
                        .toList());
        HttpResponse<String> badMinutes = gql("{ fieldHistory(minutes: 0) { minutes } }", null);
        HttpResponse<String> restBadMinutes = stack.heart("GET", "/v1/field/history?minutes=0", null);
        assertThat(code(badMinutes))
                .isEqualTo(HeartApiTest.error(restBadMinutes).string("code"));
        assertThat(firstError(badMinutes).object("extensions").string("field"))
                .isEqualTo(HeartApiTest.error(restBadMinutes).string("field"));

        String agentId = "gql-rot-" + UUID.randomUUID().toString().substring(0, 8);
        String oldKey = JsonReader.parseObject(
                        stack.heart("POST", "/v1/agents", "{\"id\":\"" + agentId + "\",\"name\":\"Rotating\"}")
                                .body())
                .string("apiKey");
        String rotate = "mutation($id: ID!) { rotateKey(agentId: $id) { agentId apiKey note } }";
        HttpResponse<String> foreign = gql(rotate, "{\"id\":\"api-agent\"}", "Authorization", "Bearer " + oldKey);
        HttpResponse<String> restForeign =
                stack.heart("POST", "/v1/agents/api-agent/keys", null, "Authorization", "Bearer " + oldKey);
        assertThat(foreign.statusCode()).isEqualTo(restForeign.statusCode()).isEqualTo(403);
        assertThat(firstError(foreign).object("extensions").string("field"))
                .isEqualTo(HeartApiTest.error(restForeign).string("field"));
        HttpResponse<String> rotated = gql(rotate, "{\"id\":\"" + agentId + "\"}", "Authorization", "Bearer " + oldKey);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newKey = JsonReader.parseObject(rotated.body())
                .object("data")
                .object("rotateKey")
                .string("apiKey");
        String beat = "mutation { beatPresence { eventId } }";
        assertThat(gql(beat, null, "Authorization", "Bearer " + newKey).statusCode())
                .isEqualTo(202);
        HttpResponse<String> old = gql(beat, null, "Authorization", "Bearer " + oldKey);
        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(code(old)).isEqualTo("unknown_agent");
    }

    @Test
    void aMutationUnderLowCoherencePausesUnlessItHeals() throws Exception {
        HeartApiTest.tapped();
        String send = "mutation($in: SendMessageInput!) { sendMessage(input: $in) { eventId } }";
        String auth = "Bearer " + key;
        HttpResponse<String> paused = gql(
                send,
                "{\"in\":{\"type\":\"concern\",\"text\":\"paused graph concern\"}}",
                "Authorization",
                auth,
                "X-Field-Coherence",
                "0.1");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(503);
        assertThat(code(paused)).isEqualTo("sacred_pause");
        assertThat(Long.parseLong(
                        paused.headers().firstValue("X-Sacred-Pause-Duration").orElseThrow()))
                .isPositive();
        assertThat(Long.parseLong(paused.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        assertThat(paused.headers().firstValue("X-Origin-Fault")).isEmpty();
        HttpResponse<String> heals = gql(
                send,
                "{\"in\":{\"type\":\"blessing\",\"text\":\"healing graph blessing\"}}",
                "Authorization",
                auth,
                "X-Field-Coherence",
                "0.1");
        assertThat(heals.statusCode()).as(heals.body()).isEqualTo(202);
        HttpResponse<String> healthy = gql(
                send,
                "{\"in\":{\"type\":\"concern\",\"text\":\"healthy graph concern\"}}",
                "Authorization",
                auth,
                "X-Field-Coherence",
                "0.9");
        assertThat(healthy.statusCode()).isEqualTo(202);
        List<String> published = HeartApiTest.tapped();
        assertThat(published).noneMatch(m -> m.contains("paused graph concern"));
        assertThat(published).anyMatch(m -> m.contains("healing graph blessing"));
    }

    @Test
    void requestErrorsAndLimitsAre400BeforeAnythingRuns() throws Exception {
        HeartApiTest.tapped();
        String auth = "Bearer " + key;
        HttpResponse<String> two = gql(
                "mutation { a: beatPresence { eventId } b: beatPresence { eventId } }", null, "Authorization", auth);
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(code(two)).isEqualTo("graphql_one_mutation");
        HttpResponse<String> spread = gql(
                "mutation { ...Beat } fragment Beat on Mutation { beatPresence { eventId } }",
                null,
                "Authorization",
                auth);
        assertThat(spread.statusCode()).isEqualTo(400);
        assertThat(code(spread)).isEqualTo("graphql_one_mutation");
        assertThat(HeartApiTest.tapped()).as("nothing ran").isEmpty();

        HttpResponse<String> deep = gql(
                "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }",
                null);
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(code(deep)).isEqualTo("query_too_deep");
        HttpResponse<String> complex = gql("{ messages(first: 100) { edges { node { id text type region } } } }", null);
        assertThat(complex.statusCode()).isEqualTo(400);
        assertThat(code(complex)).isEqualTo("query_too_complex");
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            wide.append(" a").append(i).append(": __typename");
        }
        HttpResponse<String> tooMany = gql(wide.append(" }").toString(), null);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(code(tooMany)).isEqualTo("too_many_fields");
        HttpResponse<String> large = gql("#" + "x".repeat(17_000) + "\n{ __typename }", null);
        assertThat(large.statusCode()).isEqualTo(400);
        assertThat(code(large)).isEqualTo("query_too_large");
        HttpResponse<String> first = gql("{ messages(first: 0) { edges { cursor } } }", null);
        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(firstError(first).object("extensions").string("field")).isEqualTo("first");

        HttpResponse<String> syntax = gql("{ field { ", null);
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(code(syntax)).isEqualTo("graphql_parse_failed");
        assertThat(firstError(syntax).objects("locations")).isNotEmpty();
        HttpResponse<String> unknownField = gql("{ nothing }", null);
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(code(unknownField)).isEqualTo("graphql_validation_failed");
        HttpResponse<String> noQuery = stack.heart("POST", "/v1/graphql", "{}");
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(firstError(noQuery).object("extensions").string("field")).isEqualTo("query");
        HttpResponse<String> malformed = stack.heart("POST", "/v1/graphql", "{\"query\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(code(malformed)).isEqualTo("malformed_json");
        HttpResponse<String> overGet = gqlGet("query=" + enc("mutation { beatPresence { eventId } }"));
        assertThat(overGet.statusCode()).isEqualTo(405);
        HttpResponse<String> subscription = gql("subscription { field { version } }", null);
        assertThat(subscription.statusCode()).isEqualTo(400);
        HttpResponse<String> badVariables =
                gql("query($n: Int) { fieldHistory(minutes: $n) { minutes } }", "{\"n\":\"many\"}");
        assertThat(badVariables.statusCode()).isEqualTo(400);
        assertThat(code(badVariables)).isEqualTo("invalid_variables");
    }

    @Test
    void persistedQueriesRegisterByPostAndAreCacheableOverGet() throws Exception {
        String query = "# run " + UUID.randomUUID() + "\n{ glyphs { symbol name } }";
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
        String extensions = "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}";
        HttpResponse<String> unknown = gqlGet("extensions=" + enc(extensions));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(firstError(unknown).string("message")).isEqualTo("PersistedQueryNotFound");
        assertThat(code(unknown)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");

        String wrong = "{\"query\":\"{ glyphs { symbol } }\",\"extensions\":" + extensions + "}";
        HttpResponse<String> mismatch = stack.heart("POST", "/v1/graphql", wrong);
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(code(mismatch)).isEqualTo("invalid_persisted_query");

        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("query")
                .value(query)
                .name("extensions")
                .rawValue(extensions)
                .endObject();
        HttpResponse<String> registered = stack.heart("POST", "/v1/graphql", w.toString());
        JsonObject expected = data(registered);

        HttpResponse<String> hit = gqlGet("extensions=" + enc(extensions));
        assertThat(data(hit).array("glyphs")).isEqualTo(expected.array("glyphs"));
        assertThat(hit.headers().firstValue("Cache-Control")).hasValue("public, max-age=5");
        HttpResponse<String> withKey = gqlGet("extensions=" + enc(extensions), "Authorization", "Bearer " + key);
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(withKey.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        HttpResponse<String> notPersisted = gqlGet("query=" + enc("{ glyphs { symbol } }"));
        assertThat(notPersisted.statusCode()).isEqualTo(200);
        assertThat(notPersisted.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    }

    @Test
    void federationPublishesTheSdlWithKeysAndResolvesEntities() throws Exception {
        String sdl = data(gql("{ _service { sdl } }", null)).object("_service").string("sdl");
        assertThat(sdl).contains("type Agent @key(fields : \"id\"").contains("type Message @key(fields : \"id\"");
        JsonObject entities = data(
                gql(
                        "query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id name region } } }",
                        "{\"r\":[{\"__typename\":\"Agent\",\"id\":\"api-agent\"},{\"__typename\":\"Agent\",\"id\":\"nobody-here\"}]}"));
        List<Object> list = entities.array("_entities");
        assertThat(list).hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> agent = (Map<String, Object>) list.get(0);
        assertThat(agent).containsEntry("id", "api-agent").containsEntry("region", "api-region");
        assertThat(list.get(1)).isNull();
    }

    @Test
    void theSubscriptionPlanInlinesFragmentsAndAppliesDirectives() throws Exception {
        String doc = "subscription Live($glyphs: Boolean!) { live: messageAdded { ...Said kind: type"
                + " glyphs @include(if: $glyphs) { symbol } __typename } }"
                + " fragment Said on Message { id said: text }";
        HttpResponse<String> without =
                stack.heart("POST", "/v1/graphql/subscriptions", request(doc, "{\"glyphs\":false}"));
        assertThat(without.statusCode()).as(without.body()).isEqualTo(200);
        assertThat(without.body())
                .isEqualTo("{\"root\":\"messageAdded\",\"key\":\"live\",\"selection\":["
                        + "{\"key\":\"id\",\"field\":\"id\"},{\"key\":\"said\",\"field\":\"text\"},"
                        + "{\"key\":\"kind\",\"field\":\"type\"},"
                        + "{\"key\":\"__typename\",\"field\":\"__typename\",\"typename\":\"Message\"}]}");
        HttpResponse<String> with = stack.heart("POST", "/v1/graphql/subscriptions", request(doc, "{\"glyphs\":true}"));
        assertThat(with.body())
                .contains(
                        "{\"key\":\"glyphs\",\"field\":\"glyphs\",\"selection\":[{\"key\":\"symbol\",\"field\":\"symbol\"}]}");
        HttpResponse<String> field = stack.heart(
                "POST",
                "/v1/graphql/subscriptions",
                request("subscription { field { version regions { region } } }", null));
        assertThat(field.body())
                .isEqualTo(
                        "{\"root\":\"field\",\"key\":\"field\",\"selection\":[{\"key\":\"version\",\"field\":\"version\"},"
                                + "{\"key\":\"regions\",\"field\":\"regions\",\"selection\":[{\"key\":\"region\",\"field\":\"region\"}]}]}");

        HttpResponse<String> query =
                stack.heart("POST", "/v1/graphql/subscriptions", request("{ field { version } }", null));
        assertThat(query.statusCode()).isEqualTo(400);
        assertThat(code(query)).isEqualTo("not_a_subscription");
        HttpResponse<String> artifacts = stack.heart(
                "POST",
                "/v1/graphql/subscriptions",
                request("subscription { messageAdded { id artifacts { edges { cursor } } } }", null));
        assertThat(artifacts.statusCode()).isEqualTo(400);
        assertThat(code(artifacts)).isEqualTo("unavailable_in_subscription");
        HttpResponse<String> missingVariable = stack.heart("POST", "/v1/graphql/subscriptions", request(doc, null));
        assertThat(missingVariable.statusCode()).isEqualTo(400);
        HttpResponse<String> two = stack.heart(
                "POST",
                "/v1/graphql/subscriptions",
                request("subscription { field { version } messageAdded { id } }", null));
        assertThat(two.statusCode()).isEqualTo(400);
    }

    /** docs/graphql.md#where: the artifact fields are heart's artifact routes, answer for answer. */
    @Test
    void artifactsAndDeleteArtifactAreTheRestArtifactRoutes() throws Exception {
        ArtifactsTest.Agent owner = ArtifactsTest.agent("gql-art");
        ArtifactsTest.Agent other = ArtifactsTest.agent("gql-other");
        String messageId = ArtifactsTest.sendMessage(owner);
        String sha = ArtifactsTest.sha();
        JsonObject added = ArtifactsTest.accepted(
                ArtifactsTest.add(owner, ArtifactsTest.metadata(sha, "image/png", 2048, "gql.png", messageId)));
        String artifactId = added.object("artifact").string("id");
        ArtifactsTest.awaitRecorded(artifactId, false);

        String fields = "edges { cursor node { id agentId sha256 contentType size name messageId addedAt url } }"
                + " pageInfo { hasNextPage endCursor }";
        for (String filter : List.of("agentId: \"" + owner.id() + "\"", "messageId: \"" + messageId + "\"")) {
            JsonObject connection = data(gql("{ artifacts(" + filter + ") { " + fields + " } }", null))
                    .object("artifacts");
            String query = filter.startsWith("agentId") ? "agentId=" + owner.id() : "messageId=" + messageId;
            List<JsonObject> rest = ArtifactsTest.listed(query);
            List<JsonObject> nodes = connection.objects("edges").stream()
                    .map(e -> e.object("node"))
                    .toList();
            assertThat(nodes).hasSameSizeAs(rest).hasSize(1);
            for (String name :
                    List.of("id", "agentId", "sha256", "contentType", "name", "messageId", "addedAt", "url")) {
                assertThat(nodes.get(0).optString(name, null))
                        .as(name)
                        .isEqualTo(rest.get(0).optString(name, null));
            }
            assertThat(nodes.get(0).number("size")).isEqualTo(rest.get(0).number("size"));
            assertThat(connection.object("pageInfo").bool("hasNextPage")).isFalse();
        }

        // the REST refusals, with their status and code: another agent's delete is 403 forbidden, as REST
        String delete = "mutation { deleteArtifact(id: \"" + artifactId + "\") { artifactId sha256 blobReferenced } }";
        HttpResponse<String> refused = gql(delete, null, "Authorization", other.auth());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("forbidden");
        HttpResponse<String> restRefused =
                stack.heart("DELETE", "/v1/artifacts/" + artifactId, null, "Authorization", other.auth());
        assertThat(restRefused.statusCode()).isEqualTo(403);

        HttpResponse<String> deleted = gql(delete, null, "Authorization", owner.auth());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        JsonObject payload =
                JsonReader.parseObject(deleted.body()).object("data").object("deleteArtifact");
        assertThat(payload.string("artifactId")).isEqualTo(artifactId);
        assertThat(payload.string("sha256")).isEqualTo(sha);
        assertThat(payload.bool("blobReferenced")).isFalse();
        ArtifactsTest.awaitRecorded(artifactId, true);
        assertThat(data(gql("{ artifacts(agentId: \"" + owner.id() + "\") { edges { cursor } } }", null))
                        .object("artifacts")
                        .objects("edges"))
                .isEmpty();
        assertThat(ArtifactsTest.listed("agentId=" + owner.id())).isEmpty();
    }

    /** A few hundred random and malformed documents, variables and bodies: always JSON, never a 5xx. */
    @Test
    void noDocumentOrVariablesAClientSendsIsA5xx() throws Exception {
        java.util.Random random = new java.util.Random(20261202);
        String[] tokens = {
            "{",
            "}",
            "(",
            ")",
            "[",
            "]",
            ":",
            "...",
            "@",
            "$",
            "!",
            "=",
            "|",
            "&",
            "query",
            "mutation",
            "subscription",
            "fragment",
            "on",
            "field",
            "agent",
            "messages",
            "glyphs",
            "artifacts",
            "registerAgent",
            "sendMessage",
            "beatPresence",
            "rotateKey",
            "deleteArtifact",
            "_entities",
            "_service",
            "__schema",
            "__type",
            "__typename",
            "id",
            "first",
            "after",
            "input",
            "edges",
            "node",
            "pageInfo",
            "version",
            "\"x\"",
            "\"\\u0000\"",
            "1",
            "-1",
            "1e400",
            "99999999999",
            "true",
            "null",
            "#c\n",
            "@include(if: $v)",
            "@skip(if: true)",
            "\"\"\"b\"\"\"",
            "\uD800",
            "é",
            ",",
            "\n"
        };
        String[] variables = {
            null,
            "{}",
            "{\"v\":true}",
            "{\"v\":\"x\"}",
            "{\"in\":{\"type\":1}}",
            "{\"first\":1e9}",
            "[]",
            "{\"a\":null}"
        };
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder doc = new StringBuilder();
            int n = 1 + random.nextInt(40);
            for (int t = 0; t < n; t++) {
                doc.append(tokens[random.nextInt(tokens.length)]).append(' ');
            }
            String vars = variables[random.nextInt(variables.length)];
            HttpResponse<String> r;
            switch (i % 3) {
                case 0 -> r = gql(doc.toString(), vars, "Authorization", "Bearer " + key);
                case 1 -> r = gqlGet("query=" + enc(doc.toString()) + (vars == null ? "" : "&variables=" + enc(vars)));
                default ->
                    r = stack.heart(
                            "POST", "/v1/graphql", request(doc.toString(), vars).substring(0, 1 + random.nextInt(20)));
            }
            if (r.statusCode() >= 500) {
                failures.add(r.statusCode() + " for " + doc + " / " + vars + ": " + r.body());
            }
            // every one of these reached the GraphQL endpoint: its answer is GraphQL's, data or errors
            JsonObject body = JsonReader.parseObject(r.body());
            if (!body.has("data") && !body.has("errors")
                    || !r.headers()
                            .firstValue("Content-Type")
                            .orElse("")
                            .startsWith("application/graphql-response+json")) {
                failures.add("not a GraphQL answer for " + doc + ": " + r.body());
            }
        }
        assertThat(failures).isEmpty();
    }
}

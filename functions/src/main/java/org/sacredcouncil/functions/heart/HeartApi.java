package org.sacredcouncil.functions.heart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.cloud.functions.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.glyph.Glyph;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.auth.ApiKeys;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.IdempotencyStore;
import org.sacredcouncil.functions.store.MessagePage;
import org.sacredcouncil.functions.store.MessageQueries;
import org.sacredcouncil.functions.store.StoredMessage;

/** The endpoints of heart. Every refusal happens before anything is written or published. */
final class HeartApi {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final String ANONYMOUS_SCOPE = "-";

    private final Database database;
    private final AgentStore agents;
    private final MessageQueries messages;
    private final IdempotencyStore idempotency;
    private final LiveView live;
    private final EventPublisher publisher;
    private final String topic;
    private final String region;
    private final GlyphCatalog glyphs = GlyphCatalog.standard();
    private final CoherenceModel model = CoherenceModel.DEFAULT;
    /** The field changes once a minute: a few seconds of staleness for the impact is harmless. */
    private final Cache<String, FieldState> fieldCache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(1).build();
    /** key hash (hex) → agent; keys never change, so a minute of caching is safe. */
    private final Cache<String, Agent> agentsByKey = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(10_000).build();

    private HeartApi(Database database, LiveView live, EventPublisher publisher) {
        this.database = database;
        this.agents = new AgentStore(database.dataSource());
        this.messages = new MessageQueries(database.dataSource());
        this.idempotency = new IdempotencyStore(database.dataSource());
        this.live = live;
        this.publisher = publisher;
        this.topic = FunctionConfig.sacredEventsTopic();
        this.region = FunctionConfig.heartRegion();
    }

    static HeartApi fromConfig() {
        return new HeartApi(Database.fromConfig(), new LiveView(FirestoreClients.create()),
                new EventPublisher(new TopicPublishers(), "//sacred-council/heart/" + FunctionConfig.heartRegion()));
    }

    JsonResponse handle(String method, String route, HttpRequest request)
            throws IOException, SQLException, LiveViewException, PublishFailedException {
        if (route.equals("/v1/healthz")) {
            requireMethod(method, "GET");
            return new JsonResponse(200, new JsonWriter().beginObject().name("status").value("ok")
                    .name("region").value(region).endObject().toString());
        }
        if (route.equals("/v1/field")) {
            requireMethod(method, "GET");
            return new JsonResponse(200, FieldStateJson.write(currentField()));
        }
        if (route.equals("/v1/glyphs")) {
            requireMethod(method, "GET");
            return listGlyphs();
        }
        // only the routes below need PostgreSQL: the field and glyphs keep answering when it is down
        database.migrated();
        switch (route) {
            case "/v1/agents":
                requireMethod(method, "POST");
                return registerAgent(request);
            case "/v1/messages":
                if (method.equals("GET")) {
                    return listMessages(request);
                }
                requireMethod(method, "POST");
                return sendMessage(request);
            case "/v1/presence":
                requireMethod(method, "POST");
                return presence(request);
            default:
                if (route.startsWith("/v1/agents/") && route.indexOf('/', "/v1/agents/".length()) < 0) {
                    requireMethod(method, "GET");
                    return getAgent(route.substring("/v1/agents/".length()));
                }
                throw new ApiError(404, "not_found", null, "no such endpoint: " + route);
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method_not_allowed", null, method + " is not allowed here; use " + allowed);
        }
    }

    // ------------------------------------------------------------------ agents

    private JsonResponse registerAgent(HttpRequest request)
            throws IOException, SQLException, PublishFailedException, LiveViewException {
        RequestBody.Parsed body = RequestBody.readJson(request, false);
        String id;
        String name;
        String home;
        try {
            id = body.json().optString("id", null);
            name = body.json().string("name");
            home = body.json().optString("region", region);
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        List<Violation> violations = AgentRules.validate(id, name, home);
        if (!violations.isEmpty()) {
            throw ApiError.invalid(violations.get(0).field(), violations.get(0).reason());
        }
        return idempotent(request, ANONYMOUS_SCOPE, "POST /v1/agents", body.text(), stableId -> {
            // keyed: the assigned id follows the key, so a retry after a lease takeover cannot create a twin
            String agentId = id != null ? id
                    : "agent-" + eventId(stableId).replace("-", "").substring(0, 16);
            String key = ApiKeys.newKey();
            long now = System.currentTimeMillis();
            Agent agent = new Agent(agentId, name, home, now);
            DataSource ds = database.dataSource();
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!agents.insert(c, agent, ApiKeys.hash(key))) {
                        c.rollback();
                        throw new ApiError(409, "agent_exists", "id", "an agent with id '" + agentId + "' exists");
                    }
                    // published before commit: if Pub/Sub refuses, the row is rolled back (nothing half-written)
                    publisher.publish(topic, new AgentJoined(eventId(stableId), now, agentId, home, name));
                    c.commit();
                } catch (SQLException | PublishFailedException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            JsonWriter w = new JsonWriter().beginObject();
            w.name("agent");
            writeAgent(w, agent, null);
            w.name("apiKey").value(key);
            w.endObject();
            JsonWriter replay = new JsonWriter().beginObject();
            replay.name("agent");
            writeAgent(replay, agent, null);
            replay.name("apiKey").nullValue();
            replay.name("note").value("the API key is shown only once");
            replay.endObject();
            return new Outcome(new JsonResponse(201, w.toString()), new JsonResponse(201, replay.toString()));
        });
    }

    private static void writeAgent(JsonWriter w, Agent agent, Long lastSeen) {
        w.beginObject().name("id").value(agent.id()).name("name").value(agent.name())
                .name("region").value(agent.region())
                .name("joinedAt").value(IsoInstant.format(agent.joinedAtMillis()));
        if (lastSeen != null) {
            w.name("lastSeen").value(IsoInstant.format(lastSeen));
        }
        w.endObject();
    }

    private JsonResponse getAgent(String id) throws SQLException {
        if (!AgentRules.isValidId(id)) {
            throw ApiError.invalid("id", AgentRules.ID_RULE);
        }
        Agent agent = agents.find(id).orElseThrow(() -> new ApiError(404, "not_found", "id", "no agent '" + id + "'"));
        JsonWriter w = new JsonWriter();
        writeAgent(w, agent, agents.lastSeen(id).orElse(null));
        return new JsonResponse(200, w.toString());
    }

    private Agent authenticate(HttpRequest request) throws SQLException {
        String key = ApiKeys.fromAuthorization(request.getFirstHeader("Authorization").orElse(null));
        if (key == null) {
            throw new ApiError(401, "unauthenticated", "Authorization", "send Authorization: Bearer <api key>");
        }
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        Agent cached = agentsByKey.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        Agent agent = agents.findByKeyHash(hash)
                .orElseThrow(() -> new ApiError(401, "unknown_agent", "Authorization", "no agent has this API key"));
        agentsByKey.put(cacheKey, agent);
        return agent;
    }

    // ------------------------------------------------------------------ messages

    private JsonResponse sendMessage(HttpRequest request)
            throws IOException, SQLException, LiveViewException, PublishFailedException {
        Agent agent = authenticate(request);
        RequestBody.Parsed body = RequestBody.readJson(request, false);
        String type;
        String text;
        String where;
        try {
            type = body.json().string("type");
            text = body.json().string("text");
            where = body.json().optString("region", agent.region());
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        List<Violation> violations = MessageRules.validate(type, text, where);
        if (!violations.isEmpty()) {
            throw ApiError.invalid(violations.get(0).field(), violations.get(0).reason());
        }
        MessageType messageType = MessageType.fromWire(type);
        FieldState field = currentField();
        return idempotent(request, agent.id(), "POST /v1/messages", body.text(), stableId -> {
            long now = System.currentTimeMillis();
            double love = field.loveAmplification();
            double impact = ImpactModel.impactOf(messageType, text, love);
            double before = field.coherenceOf(where);
            double after = model.afterImpact(before, impact);
            String eventId = eventId(stableId);
            String messageId = "msg-" + eventId;
            SacredMessage message = new SacredMessage(messageId, agent.id(), messageType, text, where, now);
            publisher.publish(topic, new MessageSent(eventId, now, message, impact, before, after, love));
            JsonWriter w = new JsonWriter().beginObject()
                    .name("eventId").value(eventId)
                    .name("messageId").value(messageId)
                    .name("impact").value(impact)
                    .name("consciousness").beginObject()
                    .name("coherenceBefore").value(before)
                    .name("coherenceAfter").value(after)
                    .name("loveAmplification").value(love)
                    .endObject().endObject();
            JsonResponse accepted = new JsonResponse(202, w.toString());
            return new Outcome(accepted, accepted);
        });
    }

    private JsonResponse listMessages(HttpRequest request) throws SQLException {
        String agentId = query(request, "agentId");
        String type = query(request, "type");
        String where = query(request, "region");
        String since = query(request, "since");
        String cursor = query(request, "cursor");
        String limitText = query(request, "limit");
        if (agentId != null && !AgentRules.isValidId(agentId)) {
            throw ApiError.invalid("agentId", AgentRules.ID_RULE);
        }
        if (type != null && MessageType.fromWire(type) == null) {
            throw ApiError.invalid("type", "unknown type '" + type + "'; one of " + MessageType.wireNames());
        }
        if (where != null && !AgentRules.isValidRegion(where)) {
            throw ApiError.invalid("region", AgentRules.REGION_RULE);
        }
        Long sinceMillis = null;
        if (since != null) {
            try {
                sinceMillis = IsoInstant.parse(since);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("since", "an ISO-8601 UTC time such as 2026-11-26T20:00:00Z");
            }
        }
        int limit = DEFAULT_PAGE;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw ApiError.invalid("limit", "an integer from 1 to " + MAX_PAGE);
            }
        }
        MessagePage page;
        try {
            page = messages.list(new MessageQueries.Filter(agentId, type, where, sinceMillis), cursor, limit);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("cursor", e.getMessage());
        }
        JsonWriter w = new JsonWriter().beginObject().name("messages").beginArray();
        for (StoredMessage m : page.messages()) {
            w.beginObject().name("id").value(m.id()).name("agentId").value(m.agentId()).name("type").value(m.type())
                    .name("text").value(m.text()).name("region").value(m.region()).name("impact").value(m.impact())
                    .name("sentAt").value(IsoInstant.format(m.sentAtMillis()));
            w.name("glyphs").beginArray();
            m.glyphs().forEach(w::value);
            w.endArray();
            if (m.reflection() != null) {
                w.name("reflection").value(m.reflection());
            }
            w.endObject();
        }
        w.endArray();
        w.name("nextCursor");
        if (page.nextCursor() == null) {
            w.nullValue();
        } else {
            w.value(page.nextCursor());
        }
        return new JsonResponse(200, w.endObject().toString());
    }

    private static String query(HttpRequest request, String name) {
        List<String> values;
        try {
            values = request.getQueryParameters().get(name);
        } catch (RuntimeException e) {
            // The invoker decodes the whole query lazily and throws its server's own exception type (Jetty's
            // BadMessageException) on bad percent-encoding: the client's fault, not ours.
            throw ApiError.invalid("query", "malformed query string (bad percent-encoding)");
        }
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    // ------------------------------------------------------------------ presence, field, glyphs

    private JsonResponse presence(HttpRequest request)
            throws IOException, SQLException, PublishFailedException, LiveViewException {
        Agent agent = authenticate(request);
        RequestBody.Parsed body = RequestBody.readJson(request, true);
        String where;
        try {
            where = body.json().optString("region", agent.region());
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        if (!AgentRules.isValidRegion(where)) {
            throw ApiError.invalid("region", AgentRules.REGION_RULE);
        }
        return idempotent(request, agent.id(), "POST /v1/presence", body.text(), stableId -> {
            long now = System.currentTimeMillis();
            String eventId = eventId(stableId);
            publisher.publish(topic, new PresenceBeat(eventId, now, agent.id(), where));
            JsonResponse accepted = new JsonResponse(202, new JsonWriter().beginObject().name("eventId").value(eventId)
                    .name("at").value(IsoInstant.format(now)).endObject().toString());
            return new Outcome(accepted, accepted);
        });
    }

    private FieldState currentField() throws LiveViewException {
        FieldState cached = fieldCache.getIfPresent("global");
        if (cached != null) {
            return cached;
        }
        FieldState state = live.readField();
        if (state == null) {
            state = FieldState.initial();
        }
        fieldCache.put("global", state);
        return state;
    }

    private JsonResponse listGlyphs() {
        JsonWriter w = new JsonWriter().beginObject().name("glyphs").beginArray();
        for (Glyph g : glyphs.all()) {
            w.beginObject().name("symbol").value(g.symbol()).name("name").value(g.name())
                    .name("meaning").value(g.meaning()).name("keywords").beginArray();
            g.keywords().forEach(w::value);
            w.endArray().endObject();
        }
        return new JsonResponse(200, w.endArray().endObject().toString());
    }

    // ------------------------------------------------------------------ idempotency

    /** The first answer, and what a retry with the same key gets (they differ only for secrets). */
    private record Outcome(JsonResponse first, JsonResponse replay) {
    }

    /** The work of a write; {@code stableId} is derived from the Idempotency-Key, null without one. */
    private interface Work {
        Outcome run(String stableId) throws SQLException, PublishFailedException, LiveViewException;
    }

    /**
     * A keyed write publishes under an id derived from its key, so that even if a claim's lease expires
     * (its heart died after publishing) and a retry publishes again, consumers see the same event id and
     * keep it once.
     */
    private static String eventId(String stableId) {
        return stableId != null ? stableId : UUID.randomUUID().toString();
    }

    private JsonResponse idempotent(HttpRequest request, String scope, String operation, String body, Work work)
            throws SQLException, PublishFailedException, LiveViewException {
        Optional<String> header = request.getFirstHeader("Idempotency-Key");
        if (header.isEmpty()) {
            return work.run(null).first();
        }
        String key = header.get().trim();
        if (key.isEmpty() || key.length() > 255) {
            throw ApiError.invalid("Idempotency-Key", "1 to 255 characters");
        }
        String stableId = UUID.nameUUIDFromBytes((scope + "\n" + operation + "\n" + key)
                .getBytes(StandardCharsets.UTF_8)).toString();
        String requestHash = sha256(operation + "\n" + body);
        IdempotencyStore.Claim claim = idempotency.claim(scope, key, requestHash);
        if (claim instanceof IdempotencyStore.Replay replay) {
            return new JsonResponse(replay.status(), replay.body());
        }
        if (claim instanceof IdempotencyStore.Mismatch) {
            throw new ApiError(422, "idempotency_key_reused", "Idempotency-Key",
                    "this key was used for a different request");
        }
        if (claim instanceof IdempotencyStore.InProgress) {
            throw new ApiError(409, "idempotency_in_progress", "Idempotency-Key",
                    "a request with this key is still in progress; retry shortly");
        }
        Outcome outcome;
        try {
            outcome = work.run(stableId);
        } catch (ApiError e) {
            // a refusal is an answer too: the same key gets the same refusal
            idempotency.complete(scope, key, e.status(), JsonResponse.error(e).body());
            throw e;
        } catch (SQLException | PublishFailedException | LiveViewException | RuntimeException e) {
            idempotency.release(scope, key);
            throw e;
        }
        idempotency.complete(scope, key, outcome.replay().status(), outcome.replay().body());
        return outcome.first();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

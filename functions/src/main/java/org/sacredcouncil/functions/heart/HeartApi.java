package org.sacredcouncil.functions.heart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.cloud.functions.HttpRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
import org.sacredcouncil.core.text.TextHygiene;
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
import org.sacredcouncil.functions.store.KeyRotationStore;
import org.sacredcouncil.functions.store.MessagePage;
import org.sacredcouncil.functions.store.MessageQueries;
import org.sacredcouncil.functions.store.StoredMessage;

/** The endpoints of heart. Every refusal happens before anything is written or published. */
final class HeartApi {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final Database database;
    private final AgentStore agents;
    private final MessageQueries messages;
    private final IdempotentWrite writes;
    private final KeyRotationStore rotations;
    private final LiveView live;
    private final EventPublisher publisher;
    private final String topic;
    private final String region;
    private final AdmittedRegions regions;
    private final GlyphCatalog glyphs = GlyphCatalog.standard();
    private final CoherenceModel model = CoherenceModel.DEFAULT;
    /** The field changes once a minute: a few seconds of staleness for the impact is harmless. */
    private final Cache<String, FieldState> fieldCache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(5)).maximumSize(1).build();
    /**
     * key hash (hex) → agent. A rotated key is dropped from this instance's cache at once; other instances
     * keep trusting it for at most API_KEY_CACHE_SECONDS (documented as the revocation delay).
     */
    private final Cache<String, Agent> agentsByKey;

    HeartApi(Database database, LiveView live, EventPublisher publisher) {
        this.database = database;
        this.agents = new AgentStore(database.dataSource());
        this.messages = new MessageQueries(database.dataSource());
        this.writes = new IdempotentWrite(database, new IdempotencyStore(database.dataSource()));
        this.rotations = new KeyRotationStore(database.dataSource());
        this.live = live;
        this.publisher = publisher;
        this.topic = FunctionConfig.sacredEventsTopic();
        this.region = FunctionConfig.heartRegion();
        this.regions = new AdmittedRegions(FunctionConfig.councilRegions(), region);
        this.agentsByKey = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(FunctionConfig.apiKeyCacheSeconds())).maximumSize(10_000).build();
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    void migrated() throws SQLException {
        database.migrated();
    }

    static HeartApi fromConfig() {
        return new HeartApi(Database.fromConfig(), new LiveView(FirestoreClients.create()),
                publisherFromConfig());
    }

    static EventPublisher publisherFromConfig() {
        return new EventPublisher(new TopicPublishers(), "//sacred-council/heart/" + FunctionConfig.heartRegion());
    }

    JsonResponse handle(IncomingRequest in) throws SQLException, LiveViewException, PublishFailedException {
        String method = in.method();
        String route = in.route();
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
        // only the routes below need PostgreSQL: the field and glyphs keep answering when it is down, and an
        // unknown route is the client's 404 whatever the database does
        if (!route.equals("/v1/agents") && !route.equals("/v1/messages") && !route.equals("/v1/presence")
                && !route.startsWith("/v1/agents/")) {
            throw new ApiError(404, "not_found", null, "no such endpoint");
        }
        // PostgreSQL is first touched (and migrated) only after the request's own checks: a bad request is
        // the client's 4xx even while the database is down
        switch (route) {
            case "/v1/agents":
                requireMethod(method, "POST");
                return registerAgent(in);
            case "/v1/messages":
                if (method.equals("GET")) {
                    return listMessages(in);
                }
                requireMethod(method, "POST");
                return sendMessage(in);
            case "/v1/presence":
                requireMethod(method, "POST");
                return presence(in);
            default:
                if (route.startsWith("/v1/agents/")) {
                    String rest = route.substring("/v1/agents/".length());
                    int slash = rest.indexOf('/');
                    if (slash < 0) {
                        requireMethod(method, "GET");
                        return getAgent(rest);
                    }
                    if (rest.substring(slash).equals("/keys")) {
                        requireMethod(method, "POST");
                        return rotateKey(in, rest.substring(0, slash));
                    }
                }
                throw new ApiError(404, "not_found", null, "no such endpoint");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method_not_allowed", null, method + " is not allowed here; use " + allowed);
        }
    }

    // ------------------------------------------------------------------ agents

    private JsonResponse registerAgent(IncomingRequest request)
            throws SQLException, PublishFailedException, LiveViewException {
        RequestBody.Parsed body = RequestBody.parseJson(request.contentType(), request.body(), false);
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
            throw ApiError.of(violations.get(0));
        }
        regions.require(home, "region");
        // no implicit key: two newcomers may send the same body, and a replay would withhold the API key
        return writes.run(request, new IdempotentWrite.Request(IdempotentWrite.ANONYMOUS_SCOPE, "POST /v1/agents", body.text()), false,
                stableId -> {
            // keyed: the assigned id follows the key, so a retry after a lease takeover cannot create a twin
            String agentId = id != null ? id
                    : "agent-" + IdempotentWrite.eventId(stableId).replace("-", "").substring(0, 16);
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
                    publisher.publish(topic, new AgentJoined(IdempotentWrite.eventId(stableId), now, agentId, home, name));
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
            return new IdempotentWrite.Outcome(new JsonResponse(201, w.toString()), new JsonResponse(201, replay.toString()));
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
        ApiError.requireCleanLabel("id", id);
        if (!AgentRules.isValidId(id)) {
            throw ApiError.invalid("id", AgentRules.ID_RULE);
        }
        database.migrated();
        Agent agent = agents.find(id).orElseThrow(() -> new ApiError(404, "not_found", "id", "no agent '" + id + "'"));
        JsonWriter w = new JsonWriter();
        writeAgent(w, agent, agents.lastSeen(id).orElse(null));
        return new JsonResponse(200, w.toString());
    }

    private static String bearerKey(IncomingRequest request) {
        String key = ApiKeys.fromAuthorization(request.header("Authorization").orElse(null));
        if (key == null) {
            throw new ApiError(401, "unauthenticated", "header:Authorization", "send Authorization: Bearer <api key>");
        }
        return key;
    }

    private Agent authenticate(IncomingRequest request) throws SQLException {
        String key = bearerKey(request);
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        Agent cached = agentsByKey.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        database.migrated();
        Agent agent = agents.findByKeyHash(hash)
                .orElseThrow(() -> new ApiError(401, "unknown_agent", "header:Authorization",
                        "no agent has this API key (a rotated key is revoked)"));
        agentsByKey.put(cacheKey, agent);
        return agent;
    }

    // ------------------------------------------------------------------ messages

    private JsonResponse sendMessage(IncomingRequest request)
            throws SQLException, LiveViewException, PublishFailedException {
        Agent agent = authenticate(request);
        RequestBody.Parsed body = RequestBody.parseJson(request.contentType(), request.body(), false);
        String type;
        String text;
        String where;
        try {
            type = body.json().string("type");
            text = body.json().string("text");
            where = body.json().optString("region", regions.defaultFor(agent.region()));
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        List<Violation> violations = MessageRules.validate(type, text, where);
        if (!violations.isEmpty()) {
            throw ApiError.of(violations.get(0));
        }
        regions.require(where, "region");
        MessageType messageType = MessageType.fromWire(type);
        FieldState field = currentField();
        return writes.run(request, new IdempotentWrite.Request(agent.id(), "POST /v1/messages", body.text()), true,
                stableId -> {
            long now = System.currentTimeMillis();
            double love = field.loveAmplification();
            double impact = ImpactModel.impactOf(messageType, text, love);
            double before = field.coherenceOf(where);
            double after = model.afterImpact(before, impact);
            String eventId = IdempotentWrite.eventId(stableId);
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
            return new IdempotentWrite.Outcome(accepted, accepted);
        });
    }

    private JsonResponse listMessages(IncomingRequest in) throws SQLException {
        HttpRequest request = in.http();
        String agentId = query(request, "agentId");
        String type = query(request, "type");
        String where = query(request, "region");
        String since = query(request, "since");
        String cursor = query(request, "cursor");
        String limitText = query(request, "limit");
        if (agentId != null && !AgentRules.isValidId(agentId)) {
            throw ApiError.invalid("query:agentId", AgentRules.ID_RULE);
        }
        if (type != null && MessageType.fromWire(type) == null) {
            throw ApiError.invalid("query:type", "unknown type; one of " + MessageType.wireNames());
        }
        if (where != null && !AgentRules.isValidRegion(where)) {
            throw ApiError.invalid("query:region", AgentRules.REGION_RULE);
        }
        Long sinceMillis = null;
        if (since != null) {
            try {
                sinceMillis = IsoInstant.parse(since);
            } catch (IllegalArgumentException e) {
                sinceMillis = null;
            }
            // PostgreSQL's timestamptz ends in the year 294276; a 10,000-year bound keeps every value storable
            if (sinceMillis == null || sinceMillis < MIN_TIME_MILLIS || sinceMillis > MAX_TIME_MILLIS) {
                throw ApiError.invalid("query:since", "an ISO-8601 UTC time such as 2026-11-26T20:00:00Z");
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
                throw ApiError.invalid("query:limit", "an integer from 1 to " + MAX_PAGE);
            }
        }
        if (cursor != null) {
            requireValidCursor(cursor);
        }
        database.migrated();
        MessagePage page;
        try {
            page = messages.list(new MessageQueries.Filter(agentId, type, where, sinceMillis), cursor, limit);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("query:cursor", e.getMessage());
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

    /** Year 0 to 9999, within what PostgreSQL stores and IsoInstant writes. */
    static final long MIN_TIME_MILLIS = -62_167_219_200_000L;
    static final long MAX_TIME_MILLIS = 253_402_300_799_999L;

    /**
     * A cursor is ours only if its parts could have come from a row: a time within range and a message id
     * of the shape heart assigns. Anything else would reach PostgreSQL as an out-of-range timestamp or a
     * string with a NUL — a 5xx caused by the client.
     */
    private static void requireValidCursor(String cursor) {
        Object[] parts;
        try {
            parts = MessageQueries.decodeCursor(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
        long at = (Long) parts[0];
        String id = (String) parts[1];
        if (at < MIN_TIME_MILLIS || at > MAX_TIME_MILLIS || id.length() > 128
                || !TextHygiene.isClean(id, TextHygiene.Kind.LABEL)) {
            throw ApiError.invalid("query:cursor", "not a cursor from a previous page");
        }
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
        ApiError.requireCleanLabel("query:" + name, values.get(0));
        return values.get(0);
    }

    // ------------------------------------------------------------------ presence, field, glyphs

    private JsonResponse presence(IncomingRequest request)
            throws SQLException, PublishFailedException, LiveViewException {
        Agent agent = authenticate(request);
        RequestBody.Parsed body = RequestBody.parseJson(request.contentType(), request.body(), true);
        String where;
        try {
            where = body.json().optString("region", regions.defaultFor(agent.region()));
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        ApiError.requireCleanLabel("region", where);
        if (!AgentRules.isValidRegion(where)) {
            throw ApiError.invalid("region", AgentRules.REGION_RULE);
        }
        regions.require(where, "region");
        return writes.run(request, new IdempotentWrite.Request(agent.id(), "POST /v1/presence", body.text()), true,
                stableId -> {
            long now = System.currentTimeMillis();
            String eventId = IdempotentWrite.eventId(stableId);
            publisher.publish(topic, new PresenceBeat(eventId, now, agent.id(), where));
            JsonResponse accepted = new JsonResponse(202, new JsonWriter().beginObject().name("eventId").value(eventId)
                    .name("at").value(IsoInstant.format(now)).endObject().toString());
            return new IdempotentWrite.Outcome(accepted, accepted);
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

    // ------------------------------------------------------------------ key rotation

    /**
     * {@code POST /v1/agents/{id}/keys} with the agent's current key: a new key, shown once; the presented
     * key is revoked in the same transaction. A retry with the old key and the same Idempotency-Key within
     * KeyRotationStore.REPLAY_SECONDS gets the same new key again (derived, never stored), so a lost answer
     * does not lock the agent out.
     */
    private JsonResponse rotateKey(IncomingRequest request, String id) throws SQLException {
        ApiError.requireCleanLabel("id", id);
        if (!AgentRules.isValidId(id)) {
            throw ApiError.invalid("id", AgentRules.ID_RULE);
        }
        String key = bearerKey(request);
        RequestBody.parseJson(request.contentType(), request.body(), true);
        String idempotencyKey = IdempotentWrite.idempotencyKey(request);
        byte[] oldHash = ApiKeys.hash(key);
        database.migrated();
        Optional<Agent> owner = agents.findByKeyHash(oldHash);
        if (owner.isPresent()) {
            if (!owner.get().id().equals(id)) {
                throw new ApiError(403, "forbidden", "header:Authorization", "this key belongs to another agent");
            }
            byte[] salt = ApiKeys.newSalt();
            String newKey = ApiKeys.derive(key, salt);
            boolean rotated;
            try (Connection c = database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    rotated = agents.replaceKey(c, id, oldHash, ApiKeys.hash(newKey))
                            && rotations.record(c, oldHash, id, salt, idempotencyKey);
                    if (rotated) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            agentsByKey.invalidate(HexFormat.of().formatHex(oldHash));
            if (rotated) {
                return rotatedKey(id, newKey);
            }
            // a concurrent rotation with the same key won: answer as its retry would be answered
        }
        if (idempotencyKey != null) {
            Optional<KeyRotationStore.Rotation> earlier = rotations.recent(oldHash);
            if (earlier.isPresent() && earlier.get().agentId().equals(id)
                    && idempotencyKey.equals(earlier.get().idempotencyKey())) {
                return rotatedKey(id, ApiKeys.derive(key, earlier.get().salt()));
            }
        }
        throw new ApiError(401, "unknown_agent", "header:Authorization",
                "no agent has this API key (a rotated key is revoked)");
    }

    private static JsonResponse rotatedKey(String agentId, String newKey) {
        return new JsonResponse(201, new JsonWriter().beginObject().name("agentId").value(agentId)
                .name("apiKey").value(newKey)
                .name("note").value("shown once; the previous key is revoked").endObject().toString());
    }
}

package org.sacredcouncil.functions.heart;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.functions.auth.ApiKeys;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.Database;

/**
 * {@code POST /v1/agents}: a new agent and its API key, shown once; publishes {@code council.agent.joined}.
 * Without an Idempotency-Key there is no record (two newcomers may send the same body, and a replay would
 * withhold the key).
 */
final class RegisterAgent implements Handler {

    private static final String OPERATION = "POST /v1/agents";

    private final Database database;
    private final AgentStore agents;
    private final AdmittedRegions regions;
    private final IdempotentWrite writes;
    private final EventPublisher publisher;
    private final String topic;
    private final String region;

    RegisterAgent(HeartParts parts) {
        this.database = parts.database();
        this.agents = parts.agents();
        this.regions = parts.regions();
        this.writes = parts.writes();
        this.publisher = parts.publisher();
        this.topic = parts.topic();
        this.region = parts.region();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
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
        return writes.run(
                request,
                new IdempotentWrite.Request(IdempotentWrite.ANONYMOUS_SCOPE, OPERATION, body.text()),
                false,
                stableId -> register(stableId, id, name, home));
    }

    private IdempotentWrite.Outcome register(String stableId, String id, String name, String home)
            throws SQLException, PublishFailedException {
        String eventId = IdempotentWrite.eventId(stableId);
        // keyed: the assigned id follows the key, so a retry after a lease takeover cannot create a twin
        String agentId = id != null ? id : "agent-" + eventId.replace("-", "").substring(0, 16);
        String key = ApiKeys.newKey();
        long now = System.currentTimeMillis();
        Agent agent = new Agent(agentId, name, home, now);
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!agents.insert(c, agent, ApiKeys.hash(key))) {
                    c.rollback();
                    throw new ApiError(409, "agent_exists", "id", "an agent with id '" + agentId + "' exists");
                }
                // publish before commit (IdempotentWrite): if Pub/Sub refuses, the row is rolled back
                publisher.publish(topic, new AgentJoined(eventId, now, agentId, home, name));
                c.commit();
            } catch (SQLException | PublishFailedException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new IdempotentWrite.Outcome(answer(agent, key), answer(agent, null));
    }

    /** With the key the first time; a replay shows the agent but never the key again (it is not stored). */
    private static JsonResponse answer(Agent agent, String key) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("agent");
        AgentJson.write(w, agent, null);
        if (key != null) {
            w.name("apiKey").value(key);
        } else {
            w.name("apiKey").nullValue();
            w.name("note").value("the API key is shown only once");
        }
        return new JsonResponse(201, w.endObject().toString());
    }
}

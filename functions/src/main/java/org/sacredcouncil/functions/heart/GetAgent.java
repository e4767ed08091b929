package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.Database;

/** {@code GET /v1/agents/{id}}: the agent and when it was last seen. */
final class GetAgent implements Handler {

    private final Database database;
    private final AgentStore agents;

    GetAgent(HeartParts parts) {
        this.database = parts.database();
        this.agents = parts.agents();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) throws SQLException {
        String id = requireAgentId(path.get("id"));
        database.migrated();
        Agent agent = agents.find(id).orElseThrow(() -> new ApiError(404, "not_found", "id", "no agent '" + id + "'"));
        JsonWriter w = new JsonWriter();
        AgentJson.write(w, agent, agents.lastSeen(id).orElse(null));
        return new JsonResponse(200, w.toString());
    }

    /** The path's agent id, or 400 naming {@code id}. */
    static String requireAgentId(String id) {
        ApiError.requireCleanLabel("id", id);
        if (!AgentRules.isValidId(id)) {
            throw ApiError.invalid("id", AgentRules.ID_RULE);
        }
        return id;
    }
}

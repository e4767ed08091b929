package org.sacredcouncil.functions.heart;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.auth.ApiKeys;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.KeyRotationStore;

/**
 * {@code POST /v1/agents/{id}/keys} with the agent's current key: a new key, shown once; the presented key
 * is revoked in the same transaction. A retry with the old key and the same Idempotency-Key within
 * KeyRotationStore.REPLAY_SECONDS gets the same new key again (derived, never stored), so a lost answer
 * does not lock the agent out. Not an {@link IdempotentWrite}: nothing is published, and the replay must
 * derive the secret again rather than store it.
 */
final class RotateKey implements Handler {

    private final Database database;
    private final AgentStore agents;
    private final KeyRotationStore rotations;
    private final BearerAuth auth;

    RotateKey(HeartParts parts) {
        this.database = parts.database();
        this.agents = parts.agents();
        this.rotations = parts.rotations();
        this.auth = parts.auth();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) throws SQLException {
        String id = GetAgent.requireAgentId(path.get("id"));
        String key = BearerAuth.bearerKey(request);
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
            auth.forget(oldHash);
            if (rotated) {
                return rotatedKey(id, newKey);
            }
            // a concurrent rotation with the same key won: answer as its retry would be answered
        }
        if (idempotencyKey != null) {
            Optional<KeyRotationStore.Rotation> earlier = rotations.recent(oldHash);
            if (earlier.isPresent()
                    && earlier.get().agentId().equals(id)
                    && idempotencyKey.equals(earlier.get().idempotencyKey())) {
                return rotatedKey(id, ApiKeys.derive(key, earlier.get().salt()));
            }
        }
        throw BearerAuth.unknownAgent();
    }

    private static JsonResponse rotatedKey(String agentId, String newKey) {
        return new JsonResponse(
                201,
                new JsonWriter()
                        .beginObject()
                        .name("agentId")
                        .value(agentId)
                        .name("apiKey")
                        .value(newKey)
                        .name("note")
                        .value("shown once; the previous key is revoked")
                        .endObject()
                        .toString());
    }
}

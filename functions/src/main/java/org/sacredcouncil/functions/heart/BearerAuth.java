package org.sacredcouncil.functions.heart;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.functions.auth.ApiKeys;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.store.AgentStore;
import org.sacredcouncil.functions.store.Database;

/**
 * {@code Authorization: Bearer <api key>} → the agent whose key it is, behind a per-instance cache keyed by
 * the key's hash. A rotated key is dropped from this instance's cache at once ({@link #forget}); other
 * instances keep trusting it for at most {@code API_KEY_CACHE_SECONDS} (documented as the revocation delay).
 */
final class BearerAuth {

    private final Database database;
    private final AgentStore agents;
    private final Cache<String, Agent> agentsByKey;

    BearerAuth(Database database, AgentStore agents, int cacheSeconds) {
        this.database = database;
        this.agents = agents;
        this.agentsByKey = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(cacheSeconds))
                .maximumSize(10_000)
                .build();
    }

    /** The presented key, or 401 {@code unauthenticated}; reads nothing. */
    static String bearerKey(IncomingRequest request) {
        String key = ApiKeys.fromAuthorization(request.header("Authorization").orElse(null));
        if (key == null) {
            throw new ApiError(401, "unauthenticated", "header:Authorization", "send Authorization: Bearer <api key>");
        }
        return key;
    }

    /** The agent of the presented key, or 401 ({@code unauthenticated}, {@code unknown_agent}). */
    Agent authenticate(IncomingRequest request) throws SQLException {
        byte[] hash = ApiKeys.hash(bearerKey(request));
        String cacheKey = HexFormat.of().formatHex(hash);
        Agent cached = agentsByKey.getIfPresent(cacheKey);
        if (cached != null) {
            return cached;
        }
        database.migrated();
        Agent agent = agents.findByKeyHash(hash).orElseThrow(BearerAuth::unknownAgent);
        agentsByKey.put(cacheKey, agent);
        return agent;
    }

    void forget(byte[] keyHash) {
        agentsByKey.invalidate(HexFormat.of().formatHex(keyHash));
    }

    static ApiError unknownAgent() {
        return new ApiError(
                401, "unknown_agent", "header:Authorization", "no agent has this API key (a rotated key is revoked)");
    }
}

package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.store.ArtifactPage;
import org.sacredcouncil.functions.store.ArtifactStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.StoredArtifact;

/**
 * {@code GET /v1/artifacts?agentId=…|messageId=…} (docs/artifacts.md#listing): one agent's or one message's live
 * artifacts, newest first, keyset-paginated on (addedAt, id) as {@code GET /v1/messages}. Anonymous, like the
 * messages they belong to.
 */
final class ListArtifacts implements Handler {

    private final Database database;
    private final ArtifactStore artifacts;

    ListArtifacts(HeartParts parts) {
        this.database = parts.database();
        this.artifacts = parts.artifacts();
    }

    @Override
    public JsonResponse handle(IncomingRequest in, Map<String, String> path) throws SQLException {
        String agentId = in.query("agentId");
        String messageId = in.query("messageId");
        if ((agentId == null) == (messageId == null)) {
            throw ApiError.invalid("query:agentId", "exactly one of agentId and messageId");
        }
        if (agentId != null && !AgentRules.isValidId(agentId)) {
            throw ApiError.invalid("query:agentId", AgentRules.ID_RULE);
        }
        if (messageId != null && messageId.length() > AddArtifact.MAX_MESSAGE_ID_LENGTH) {
            throw ApiError.invalid("query:messageId", "a message id from a previous answer");
        }
        PageRequest pageRequest = PageRequest.of(in);
        database.migrated();
        ArtifactPage page = artifacts.list(agentId, messageId, pageRequest.after(), pageRequest.limit());
        JsonWriter w = new JsonWriter().beginObject().name("artifacts").beginArray();
        for (StoredArtifact a : page.artifacts()) {
            ArtifactJson.write(w, a);
        }
        w.endArray().name("nextCursor");
        if (page.nextCursor() == null) {
            w.nullValue();
        } else {
            w.value(page.nextCursor());
        }
        return new JsonResponse(200, w.endObject().toString());
    }
}

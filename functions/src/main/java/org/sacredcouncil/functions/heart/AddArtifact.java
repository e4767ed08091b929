package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.artifact.ArtifactId;
import org.sacredcouncil.core.artifact.ArtifactRules;
import org.sacredcouncil.core.artifact.ArtifactTypes;
import org.sacredcouncil.core.event.ArtifactAdded;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.ArtifactStore;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.MessageQueries;
import org.sacredcouncil.functions.store.StoredArtifact;

/**
 * {@code POST /v1/artifacts} (docs/artifacts.md#upload, step 4): the metadata of a blob the edge has already put
 * in R2, published as {@code council.artifact.added}. Every check before anything is written: the fields, the
 * message's owner, a removed artifact, the quota. The event id is derived from the artifact id, so the same
 * artifact again — a retry, another key, another name — is the same event, which memory keeps once.
 */
final class AddArtifact implements Handler {

    static final String OPERATION = "POST /v1/artifacts";
    /** heart assigns message ids ("msg-" + a UUID); a longer one cannot be a message. */
    static final int MAX_MESSAGE_ID_LENGTH = 128;

    /** The validated request. */
    record Metadata(String sha256, String contentType, long size, String name, String messageId) {}

    private final Database database;
    private final BearerAuth auth;
    private final ArtifactStore artifacts;
    private final MessageQueries messages;
    private final IdempotentWrite writes;
    private final EventPublisher publisher;
    private final String topic;
    private final ArtifactLimits limits;

    AddArtifact(HeartParts parts) {
        this.database = parts.database();
        this.auth = parts.auth();
        this.artifacts = parts.artifacts();
        this.messages = parts.messages();
        this.writes = parts.writes();
        this.publisher = parts.publisher();
        this.topic = parts.topic();
        this.limits = parts.artifactLimits();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, PublishFailedException, org.sacredcouncil.functions.live.LiveViewException {
        Agent agent = auth.authenticate(request);
        RequestBody.Parsed body = RequestBody.parseJson(request.contentType(), request.body(), false);
        Metadata m = validate(body.json(), limits.maxBytes());
        IdempotentWrite.idempotencyKey(request); // a bad header is refused before any lookup
        String artifactId = ArtifactId.of(agent.id(), m.sha256(), m.messageId());
        String eventId = ArtifactId.addedEventId(artifactId);
        database.migrated();
        requireOwnMessage(agent, m.messageId());
        Optional<StoredArtifact> recorded = artifacts.find(artifactId);
        if (recorded.isPresent() && recorded.get().removed()) {
            // its event id is taken by the first add and memory keeps a tombstone: adding it again cannot work
            throw new ApiError(
                    409,
                    "artifact_removed",
                    "content",
                    "this artifact was removed; the same bytes can be added without messageId or to another message");
        }
        if (recorded.isPresent()) {
            return accepted(recorded.get(), eventId, true);
        }
        requireQuota(agent, m.size());
        return writes.run(request, new IdempotentWrite.Request(agent.id(), OPERATION, body.text()), true, stableId -> {
            // stableId is not used: the artifact id, not the request, decides the event id (docs/artifacts.md#upload)
            long now = System.currentTimeMillis();
            publisher.publish(
                    topic,
                    new ArtifactAdded(
                            eventId,
                            now,
                            artifactId,
                            agent.id(),
                            agent.region(),
                            m.sha256(),
                            m.contentType(),
                            m.size(),
                            m.name(),
                            m.messageId()));
            StoredArtifact record = new StoredArtifact(
                    artifactId, agent.id(), m.sha256(), m.contentType(), m.size(), m.name(), m.messageId(), now, null);
            return new IdempotentWrite.Outcome(accepted(record, eventId, false), accepted(record, eventId, true));
        });
    }

    /** The request's fields, or 400 naming the first bad one (docs/artifacts.md#upload, step 4). */
    static Metadata validate(JsonObject json, long maxBytes) {
        String sha256;
        String contentType;
        long size;
        String name;
        String messageId;
        try {
            sha256 = json.string("sha256");
            ApiError.requireCleanLabel("sha256", sha256);
            if (!ArtifactRules.isSha256(sha256)) {
                throw ApiError.invalid("sha256", ArtifactRules.SHA256_RULE);
            }
            contentType = json.string("contentType");
            ApiError.requireCleanLabel("contentType", contentType);
            if (!ArtifactTypes.isAllowed(contentType)) {
                throw ApiError.invalid("contentType", "one of " + ArtifactTypes.ALLOWED);
            }
            size = json.integer("size");
            if (size < 1 || size > maxBytes) {
                throw ApiError.invalid("size", "an integer from 1 to " + maxBytes + " (ARTIFACT_MAX_BYTES)");
            }
            name = json.optString("name", null);
            ApiError.requireCleanLabel("name", name);
            String nameProblem = ArtifactRules.nameProblem(name);
            if (nameProblem != null) {
                throw ApiError.invalid("name", nameProblem);
            }
            messageId = json.optString("messageId", null);
            ApiError.requireCleanLabel("messageId", messageId);
            if (messageId != null && (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH)) {
                throw ApiError.invalid("messageId", "a message id from a previous answer");
            }
        } catch (JsonException e) {
            throw ApiError.invalid(e.field(), e.getMessage());
        }
        return new Metadata(sha256, contentType, size, name, messageId);
    }

    /** A message the artifact is attached to must be recorded and the agent's own. */
    private void requireOwnMessage(Agent agent, String messageId) throws SQLException {
        if (messageId == null) {
            return;
        }
        String owner = messages.agentOf(messageId)
                .orElseThrow(
                        () -> new ApiError(404, "not_found", "messageId", "no recorded message '" + messageId + "'"));
        if (!owner.equals(agent.id())) {
            throw new ApiError(403, "forbidden", "messageId", "the message is another agent's");
        }
    }

    /** Over the live records memory has written (docs/artifacts.md#upload, quotas): no Retry-After, it frees by deleting. */
    private void requireQuota(Agent agent, long size) throws SQLException {
        ArtifactStore.Usage usage = artifacts.liveUsage(agent.id());
        if (usage.count() + 1 > limits.quotaCount()) {
            throw new ApiError(
                    429,
                    "quota_exceeded",
                    "content",
                    "at most " + limits.quotaCount() + " artifacts per agent (ARTIFACT_QUOTA_COUNT); delete one first");
        }
        if (usage.bytes() + size > limits.quotaBytes()) {
            throw new ApiError(
                    429,
                    "quota_exceeded",
                    "content",
                    "at most " + limits.quotaBytes() + " bytes of artifacts per agent (ARTIFACT_QUOTA_BYTES); "
                            + usage.bytes() + " in use");
        }
    }

    static JsonResponse accepted(StoredArtifact record, String eventId, boolean replayed) {
        JsonWriter w = new JsonWriter().beginObject().name("artifact");
        ArtifactJson.write(w, record);
        w.name("eventId").value(eventId);
        if (replayed) {
            w.name("replayed").value(true);
        }
        return new JsonResponse(202, w.endObject().toString());
    }
}

package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.Map;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.event.PresenceBeat;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;

/** {@code POST /v1/presence}: a heartbeat, published as {@code council.presence.beat}. */
final class BeatPresence implements Handler {

    private static final String OPERATION = "POST /v1/presence";

    private final BearerAuth auth;
    private final AdmittedRegions regions;
    private final IdempotentWrite writes;
    private final EventPublisher publisher;
    private final String topic;

    BeatPresence(HeartParts parts) {
        this.auth = parts.auth();
        this.regions = parts.regions();
        this.writes = parts.writes();
        this.publisher = parts.publisher();
        this.topic = parts.topic();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, PublishFailedException, LiveViewException {
        Agent agent = auth.authenticate(request);
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
        return writes.run(request, new IdempotentWrite.Request(agent.id(), OPERATION, body.text()), true, stableId -> {
            long now = System.currentTimeMillis();
            String eventId = IdempotentWrite.eventId(stableId);
            publisher.publish(topic, new PresenceBeat(eventId, now, agent.id(), where));
            return IdempotentWrite.Outcome.same(new JsonResponse(
                    202,
                    new JsonWriter()
                            .beginObject()
                            .name("eventId")
                            .value(eventId)
                            .name("at")
                            .value(IsoInstant.format(now))
                            .endObject()
                            .toString()));
        });
    }
}

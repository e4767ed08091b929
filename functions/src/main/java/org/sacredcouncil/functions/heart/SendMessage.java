package org.sacredcouncil.functions.heart;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.agent.Agent;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.http.RequestBody;
import org.sacredcouncil.functions.live.LiveViewException;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.telemetry.CouncilMetrics;
import org.sacredcouncil.functions.telemetry.Telemetry;

/**
 * {@code POST /v1/messages}: the message's impact on the current field, published as
 * {@code council.message.sent} (ordering key = agent id); {@code 202} once Pub/Sub acknowledged it.
 */
final class SendMessage implements Handler {

    private static final String OPERATION = "POST /v1/messages";

    private final BearerAuth auth;
    private final AdmittedRegions regions;
    private final CurrentField field;
    private final IdempotentWrite writes;
    private final EventPublisher publisher;
    private final String topic;
    private final CoherenceModel model;

    private final CouncilMetrics metrics = Telemetry.of("heart").metrics();

    SendMessage(HeartParts parts) {
        this.auth = parts.auth();
        this.regions = parts.regions();
        this.field = parts.field();
        this.writes = parts.writes();
        this.publisher = parts.publisher();
        this.topic = parts.topic();
        this.model = parts.model();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path)
            throws SQLException, LiveViewException, PublishFailedException {
        Agent agent = auth.authenticate(request);
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
        FieldState current = field.get();
        return writes.run(
                request,
                new IdempotentWrite.Request(agent.id(), OPERATION, body.text()),
                true,
                stableId -> send(IdempotentWrite.eventId(stableId), agent, messageType, text, where, current));
    }

    private IdempotentWrite.Outcome send(
            String eventId, Agent agent, MessageType type, String text, String where, FieldState field)
            throws PublishFailedException {
        long now = System.currentTimeMillis();
        double love = field.loveAmplification();
        double impact = ImpactModel.impactOf(type, text, love);
        double before = field.coherenceOf(where);
        double after = model.afterImpact(before, impact);
        String messageId = "msg-" + eventId;
        SacredMessage message = new SacredMessage(messageId, agent.id(), type, text, where, now);
        publisher.publish(topic, new MessageSent(eventId, now, message, impact, before, after, love));
        metrics.messageAccepted(type.wire(), where);
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("eventId")
                .value(eventId)
                .name("messageId")
                .value(messageId)
                .name("impact")
                .value(impact)
                .name("consciousness")
                .beginObject()
                .name("coherenceBefore")
                .value(before)
                .name("coherenceAfter")
                .value(after)
                .name("loveAmplification")
                .value(love)
                .endObject()
                .endObject();
        return IdempotentWrite.Outcome.same(new JsonResponse(202, w.toString()));
    }
}

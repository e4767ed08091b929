package org.sacredcouncil.functions.event;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sacredcouncil.core.artifact.ArtifactId;
import org.sacredcouncil.core.artifact.ArtifactRules;
import org.sacredcouncil.core.event.ArtifactAdded;
import org.sacredcouncil.core.event.ArtifactRemoved;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageRules;
import org.sacredcouncil.core.message.Violation;
import org.sacredcouncil.core.text.TextHygiene;

/**
 * The consumers' boundary: a push is unwrapped ({@link Delivery}) and its council event decoded and checked
 * once, here, into a typed {@link CouncilEvent}; the handlers behind it trust what they get. What can never
 * be processed — an unreadable push, an undecodable event, an event heart could not have published — is
 * parked on the {@link DeadLetterTopic} and the caller gets null, so that the push is acknowledged.
 *
 * <p>Decoding touches nothing outside this JVM: whatever it throws, it would throw on every redelivery, so
 * parking is right. Only an unreachable dead-letter topic is transient ({@link TransientFailure}).
 */
public final class EventDecoder {

    /** A push's delivery and the valid council event it carries. */
    public record Decoded(Delivery delivery, CouncilEvent event) {

        /** The event as the log keeps it (structured-mode JSON). */
        public String cloudEventJson() {
            return delivery.cloudEventJson(event);
        }
    }

    private final DeadLetterTopic deadLetters;

    public EventDecoder(DeadLetterTopic deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The topic this decoder parks on, for what a handler finds permanently bad later (PostgreSQL's refusals). */
    public DeadLetterTopic deadLetters() {
        return deadLetters;
    }

    /** The delivery of a push request, or null after parking it when it cannot even be unwrapped. */
    public Delivery unwrap(UnaryOperator<String> header, byte[] body) {
        try {
            return Delivery.fromHttp(header, body);
        } catch (EventFormatException e) {
            deadLetters.park(Delivery.raw(header, body), e.getMessage());
            return null;
        }
    }

    /** The delivery of a CloudEventsFunction's event, or null after parking it when it cannot be unwrapped. */
    public Delivery unwrap(CloudEvent cloudEvent) {
        try {
            return Delivery.of(cloudEvent);
        } catch (EventFormatException e) {
            deadLetters.park(Delivery.raw(cloudEvent), e.getMessage());
            return null;
        }
    }

    /**
     * The delivery's council event, decoded and checked; null after parking one that can never be processed.
     *
     * @throws TransientFailure when even the dead-letter topic is unreachable (then Pub/Sub retries)
     */
    public Decoded decode(Delivery delivery) {
        try {
            return new Decoded(delivery, requirePublishable(delivery.councilEvent()));
        } catch (EventFormatException e) {
            deadLetters.park(delivery, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            deadLetters.park(delivery, "undecodable: " + e);
            return null;
        }
    }

    /**
     * What decoding cannot tell: whether heart could have published it. A message must obey heart's rules
     * (type, text, region; core's MessageRules) and its impact the model's bound; an artifact event carries the
     * ids heart derives (docs/artifacts.md#model) and a name heart accepts.
     */
    private static CouncilEvent requirePublishable(CouncilEvent event) {
        if (event instanceof ArtifactAdded a) {
            // docs/artifacts.md#model: the id is the artifact's digest and the event id derived from it
            if (!a.artifactId().equals(ArtifactId.of(a.agentId(), a.sha256(), a.messageId()))
                    || !a.id().equals(ArtifactId.addedEventId(a.artifactId()))) {
                throw new EventFormatException("artifact id or event id not derived from the artifact");
            }
            String name = ArtifactRules.nameProblem(a.name());
            if (name != null || !TextHygiene.isClean(a.messageId(), TextHygiene.Kind.LABEL)) {
                throw new EventFormatException("artifact name or messageId: " + (name != null ? name : "not clean"));
            }
        }
        if (event instanceof ArtifactRemoved r
                && (!ArtifactId.isWellFormed(r.artifactId())
                        || !r.id().equals(ArtifactId.removedEventId(r.artifactId())))) {
            throw new EventFormatException("artifact id or event id not derived from the artifact");
        }
        if (event instanceof MessageSent m) {
            List<Violation> violations = MessageRules.validate(
                    m.message().type().wire(), m.message().text(), m.message().region());
            if (!violations.isEmpty()) {
                throw new EventFormatException("invalid message: " + violations);
            }
            if (Math.abs(m.impact()) > ImpactModel.MAX_IMPACT) {
                throw new EventFormatException("impact " + m.impact() + " outside +-" + ImpactModel.MAX_IMPACT);
            }
        }
        return event;
    }
}

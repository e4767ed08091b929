package org.sacredcouncil.functions.heart;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mockito.Mockito;
import org.sacredcouncil.core.event.CouncilEvent;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.PublishFailedException;
import org.sacredcouncil.functions.store.Database;

/**
 * heart whose next publish reaches the real Pub/Sub emulator and is accepted there, yet reports a timeout
 * as if the ack had been lost — the one failure here that cannot be caused for real, hence Mockito.
 * Started by the invoker like any function (the target is this class).
 */
public class PublishTimeoutHeart extends HeartFunction {

    /** Set by the test: the next publish is accepted by Pub/Sub and then reported as timed out. */
    public static final AtomicBoolean LOSE_NEXT_ACK = new AtomicBoolean();

    public static volatile EventPublisher publisher;

    public PublishTimeoutHeart() {
        super(new HeartApi(Database.fromConfig(), new LiveView(FirestoreClients.create()), losingAcks()), null);
    }

    private static EventPublisher losingAcks() {
        EventPublisher spy = spy(HeartApi.publisherFromConfig());
        try {
            doAnswer(call -> {
                        Object messageId = call.callRealMethod();
                        if (LOSE_NEXT_ACK.getAndSet(false)) {
                            throw new PublishFailedException(
                                    "publish of "
                                            + call.<CouncilEvent>getArgument(1).id() + " timed out",
                                    new TimeoutException("no ack within the deadline"));
                        }
                        return messageId;
                    })
                    .when(spy)
                    .publish(any(), any());
        } catch (PublishFailedException e) {
            throw new IllegalStateException(e);
        }
        publisher = spy;
        return spy;
    }

    static void resetCounts() {
        Mockito.clearInvocations(publisher);
    }
}

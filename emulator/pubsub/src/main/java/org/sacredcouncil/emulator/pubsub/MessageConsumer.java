package org.sacredcouncil.emulator.pubsub;

import com.google.pubsub.v1.ReceivedMessage;
import java.util.List;

/**
 * Something a subscription hands leased messages to: a streaming-pull stream, a waiting unary pull,
 * or a push endpoint. Capacity and the lease counters are read and changed under the subscription's
 * lock only; {@link #deliver} is called after the lock is released.
 */
interface MessageConsumer {

    /** How many more messages this consumer takes now (its flow control). */
    int capacity();

    /** The ack deadline given to messages leased to this consumer, in milliseconds. */
    long ackDeadlineMillis();

    /** Called under the subscription lock: {@code count} more messages are now leased to this consumer. */
    void leased(int count);

    /** Called under the subscription lock: {@code count} leases of this consumer ended (ack, nack, expiry). */
    void released(int count);

    /** Sends the batch; called outside the subscription lock, one batch at a time per dispatch. */
    void deliver(List<ReceivedMessage> batch);
}

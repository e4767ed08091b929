package org.sacredcouncil.emulator.pubsub.push;

/**
 * How many push requests one subscription may have in flight: Pub/Sub's push flow control. The real
 * service starts a subscription with a small window, widens it with every success and narrows it on
 * failures (a slow-start algorithm; "Pub/Sub dynamically adjusts the rate of push requests based on the
 * rate at which it receives success responses"). Here: additive increase (+1 per ack), multiplicative
 * decrease (halved per nack), between 1 and {@link #MAX}. An endpoint that is down therefore sees about one
 * request at a time, each message waiting out its own retry backoff, instead of a storm of retries.
 *
 * <p>Read and changed from the push workers and under the subscription lock: the methods are synchronized.
 */
final class PushWindow {

    static final int INITIAL = 4;
    static final int MAX = 64;

    private int size = INITIAL;

    synchronized int size() {
        return size;
    }

    synchronized void succeeded() {
        size = Math.min(MAX, size + 1);
    }

    synchronized void failed() {
        size = Math.max(1, size / 2);
    }
}

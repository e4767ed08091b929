package org.sacredcouncil.emulator.pubsub;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.pubsub.v1.PubsubMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of {@link Journal.Record} the broker writes, and their fields. Replaying a record runs the
 * same change again, so a record names what was asked (a seek to a time, a publish to a topic) and the
 * broker's own code decides again what follows from it; only what is not deterministic (message ids,
 * publish times) is written out.
 */
final class StateRecords {

    /** [Topic] created or updated. */
    static final int TOPIC_PUT = 1;
    /** [name] */
    static final int TOPIC_DELETE = 2;
    /** [Subscription] created or updated. */
    static final int SUBSCRIPTION_PUT = 3;
    /** [name] */
    static final int SUBSCRIPTION_DELETE = 4;
    /** [topic, PubsubMessage…] stamped messages, fanned out to the topic's subscriptions and snapshots. */
    static final int PUBLISH = 5;
    /** [subscription, message id…] acknowledged (or dead-lettered): gone from the backlog. */
    static final int ACK = 6;
    /** [subscription, PubsubMessage…] image: the unacknowledged messages of a subscription. */
    static final int BACKLOG = 7;
    /** [subscription, PubsubMessage…] image: acknowledged messages a subscription retains for seek. */
    static final int RETAINED = 8;
    /** [Snapshot, subscription] created from a subscription's backlog. */
    static final int SNAPSHOT_CREATE = 9;
    /** [Snapshot, PubsubMessage…] image: a snapshot and the messages it keeps. */
    static final int SNAPSHOT_IMAGE = 10;
    /** [name] */
    static final int SNAPSHOT_DELETE = 11;
    /** [Snapshot] labels changed. */
    static final int SNAPSHOT_UPDATE = 12;
    /** [subscription, epoch millis, wall clock millis when it was asked (absent in older records)] */
    static final int SEEK_TIME = 13;
    /** [subscription, snapshot] */
    static final int SEEK_SNAPSHOT = 14;
    /** [Schema] a schema or a new revision of it. */
    static final int SCHEMA_PUT = 15;
    /** [name, revision id or empty for every revision] */
    static final int SCHEMA_DELETE = 16;
    /** [subscription] */
    static final int SUBSCRIPTION_DETACH = 17;
    /** [] every topic and subscription gone. */
    static final int RESET = 18;
    /** [next message id] image */
    static final int NEXT_MESSAGE_ID = 19;
    /** [topic, PubsubMessage…] image: the messages a topic with retention keeps. */
    static final int TOPIC_RETAINED = 20;
    /**
     * [subscription, "message id:attempts"…] how often these messages have been delivered (absolute: replayed
     * twice it says the same); written when they are leased, before they are handed out, and in the image.
     */
    static final int DELIVERY_ATTEMPTS = 21;
    /** [subscription, ack id…] acknowledged on an exactly-once subscription (acknowledging one again succeeds). */
    static final int ACKED_IDS = 22;

    private StateRecords() {}

    static List<byte[]> fields(String first, List<PubsubMessage> messages) {
        List<byte[]> fields = new ArrayList<>(messages.size() + 1);
        fields.add(Journal.utf8(first));
        for (PubsubMessage message : messages) {
            fields.add(message.toByteArray());
        }
        return fields;
    }

    static List<byte[]> texts(String first, List<String> rest) {
        List<byte[]> fields = new ArrayList<>(rest.size() + 1);
        fields.add(Journal.utf8(first));
        for (String text : rest) {
            fields.add(Journal.utf8(text));
        }
        return fields;
    }

    static List<PubsubMessage> messages(Journal.Record record, int from) {
        List<PubsubMessage> messages = new ArrayList<>(record.size() - from);
        for (int i = from; i < record.size(); i++) {
            messages.add(parse(record.bytes(i), PubsubMessage.parser()));
        }
        return messages;
    }

    static List<String> texts(Journal.Record record, int from) {
        List<String> texts = new ArrayList<>(record.size() - from);
        for (int i = from; i < record.size(); i++) {
            texts.add(record.text(i));
        }
        return texts;
    }

    static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable record in the Pub/Sub journal", e);
        }
    }
}

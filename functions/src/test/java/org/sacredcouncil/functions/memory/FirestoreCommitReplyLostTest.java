package org.sacredcouncil.functions.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.impact.ImpactModel;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.functions.it.FunctionStack;
import org.sacredcouncil.functions.it.Push;

/**
 * A Firestore commit that was applied but whose reply memory never saw: memory cannot know the write landed,
 * so the delivery is not acknowledged (500); the redelivery finds the PostgreSQL row and writes Firestore
 * again, and nothing is doubled (MemoryFunction's "exactly once through crashes").
 */
@ExtendWith(LocalCloudExtension.class)
class FirestoreCommitReplyLostTest {

    static LocalCloud cloud;
    static FunctionStack stack;
    static int port;

    @BeforeAll
    static void start(LocalCloud localCloud) throws Exception {
        cloud = localCloud;
        stack = FunctionStack.on(localCloud);
        port = FunctionStack.start(CommitReplyLostMemory.class.getName());
    }

    static int count(String sql, String arg) throws Exception {
        try (Connection c = cloud.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static long shardCount(Firestore firestore, String region) throws Exception {
        long total = 0;
        for (QueryDocumentSnapshot shard : firestore
                .collection("fieldShards")
                .whereEqualTo("region", region)
                .get()
                .get()
                .getDocuments()) {
            total += shard.getLong("count");
        }
        return total;
    }

    @Test
    void aLostCommitReplyIsRetriedAndDoublesNothing() throws Exception {
        String region = "reply-lost-" + UUID.randomUUID().toString().substring(0, 8);
        long at = System.currentTimeMillis();
        String text = "a commit whose reply was lost " + UUID.randomUUID();
        MessageSent event = new MessageSent(
                UUID.randomUUID().toString(),
                at,
                new SacredMessage(
                        "msg-" + UUID.randomUUID(), "reply-lost-agent", MessageType.OFFERING, text, region, at),
                ImpactModel.impactOf(MessageType.OFFERING, text, 1.0),
                Double.NaN,
                Double.NaN,
                1.0);
        String json = EventCodec.toCloudEventJson(event, "//test");
        Firestore firestore = cloud.firestore();

        CommitReplyLostMemory.LOSE_NEXT_REPLY.set(true);
        HttpResponse<String> lost = Push.send(stack.http, port, "m-" + UUID.randomUUID(), json);
        assertThat(lost.statusCode())
                .as("an unknown Firestore outcome is transient: not acked")
                .isEqualTo(500);
        assertThat(CommitReplyLostMemory.LOSE_NEXT_REPLY).as("the commit ran").isFalse();
        DocumentSnapshot written = firestore
                .collection("messages")
                .document(event.message().id())
                .get()
                .get();
        assertThat(written.getString("text"))
                .as("the write landed although its reply was lost")
                .isEqualTo(text);
        long shardsAfterWrite = shardCount(firestore, region);

        assertThat(Push.send(stack.http, port, "m-" + UUID.randomUUID(), json).statusCode())
                .as("the redelivery completes")
                .isEqualTo(200);
        assertThat(count("SELECT count(*) FROM events WHERE event_id = ?", event.id()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM messages WHERE id = ?",
                        event.message().id()))
                .isEqualTo(1);
        assertThat(firestore
                        .collection("messages")
                        .document(event.message().id())
                        .get()
                        .get()
                        .getString("text"))
                .isEqualTo(text);
        assertThat(shardCount(firestore, region))
                .as("the redelivery adds nothing to the field's shards")
                .isEqualTo(shardsAfterWrite);
    }
}

package org.sacredcouncil.functions.memory;

import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sacredcouncil.functions.live.FirestoreClients;
import org.sacredcouncil.functions.live.LiveView;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;
import org.sacredcouncil.functions.store.Database;

/**
 * memory whose next Firestore commit reaches the real Firestore emulator and is applied there, yet reports a
 * failure as if the reply had been lost — a failure that cannot be caused for real, hence Mockito (a spy:
 * every call still runs against the emulator). Every Firestore write (a batch, or a document's set, which
 * the client commits as a batch of one) goes through {@link Firestore#batch()}. Started by the invoker like
 * any function (the target is this class).
 */
public class CommitReplyLostMemory implements HttpFunction {

    /** Set by the test: the next commit is applied by Firestore and then reported as failed. */
    public static final AtomicBoolean LOSE_NEXT_REPLY = new AtomicBoolean();

    private final MemoryFunction memory = new MemoryFunction(
            Database.fromConfig(),
            new LiveView(losingReplies(FirestoreClients.create())),
            new EventPublisher(new TopicPublishers(), "//sacred-council/memory"));

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        memory.service(request, response);
    }

    private static Firestore losingReplies(Firestore real) {
        Firestore firestore = spy(real);
        doAnswer(call -> {
                    WriteBatch batch = spy((WriteBatch) call.callRealMethod());
                    doAnswer(commit -> {
                                ApiFuture<?> applied = (ApiFuture<?>) commit.callRealMethod();
                                if (!LOSE_NEXT_REPLY.getAndSet(false)) {
                                    return applied;
                                }
                                applied.get();
                                return ApiFutures.immediateFailedFuture(
                                        new TimeoutException("commit reply lost after the write"));
                            })
                            .when(batch)
                            .commit();
                    return batch;
                })
                .when(firestore)
                .batch();
        return firestore;
    }
}

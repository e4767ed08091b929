package org.sacredcouncil.functions.live;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * The live view in Firestore that clients read: {@code agents/{id}}, {@code messages/{id}} and
 * {@code field/global}. The field's per-message contributions are folded by the edge's hub
 * (docs/live-field.md), no longer in Firestore shards; {@link #deleteShardsBefore} sweeps the shards written
 * before it until none are left.
 *
 * <p>Every write is idempotent: documents are merged (not replaced, so memory and wisdom can write the
 * same message document in either order) and {@code lastSeen} only moves forward.
 */
public final class LiveView {

    private final Supplier<Firestore> client;

    public LiveView(Firestore db) {
        this(() -> db);
    }

    /** A live view over a client built when first used ({@link FirestoreClients#onFirstUse}). */
    public LiveView(Supplier<Firestore> client) {
        this.client = client;
    }

    private Firestore db() {
        return client.get();
    }

    private Map<String, Object> messageDocument(MessageSent event) {
        SacredMessage m = event.message();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("agentId", m.agentId());
        doc.put("type", m.type().wire());
        doc.put("text", m.text());
        doc.put("region", m.region());
        doc.put("impact", event.impact());
        doc.put("sentAt", timestamp(m.sentAtMillis()));
        doc.put("eventId", event.id());
        return doc;
    }

    public void writeMessage(MessageSent event) throws LiveViewException {
        await(db().collection("messages")
                .document(event.message().id())
                .set(messageDocument(event), SetOptions.merge()));
    }

    public void writeGlyphs(String messageId, List<String> glyphs, String reflection) throws LiveViewException {
        Map<String, Object> doc = new HashMap<>();
        doc.put("glyphs", glyphs);
        doc.put("reflection", reflection);
        await(db().collection("messages").document(messageId).set(doc, SetOptions.merge()));
    }

    public void writeAgent(AgentJoined joined) throws LiveViewException {
        Map<String, Object> doc = new HashMap<>();
        doc.put("region", joined.region());
        if (joined.name() != null) {
            doc.put("name", joined.name());
        }
        doc.put("joinedAt", timestamp(joined.timeMillis()));
        await(db().collection("agents").document(joined.agentId()).set(doc, SetOptions.merge()));
        touchAgent(joined.agentId(), joined.region(), joined.timeMillis());
    }

    /** Moves {@code lastSeen} forward only (a late, older beat leaves it alone). */
    public void touchAgent(String agentId, String region, long millis) throws LiveViewException {
        DocumentReference ref = db().collection("agents").document(agentId);
        await(db().runTransaction(tx -> {
            DocumentSnapshot current = tx.get(ref).get();
            Timestamp seen = current.exists() ? current.getTimestamp("lastSeen") : null;
            if (seen == null || seen.toDate().getTime() < millis) {
                Map<String, Object> doc = new HashMap<>();
                doc.put("lastSeen", timestamp(millis));
                doc.put("region", region);
                tx.set(ref, doc, SetOptions.merge());
            }
            return null;
        }));
    }

    /** The last published field, or null before the first tick. */
    public FieldState readField() throws LiveViewException {
        DocumentSnapshot doc = await(db().collection("field").document("global").get());
        return fieldOf(doc);
    }

    private static FieldState fieldOf(DocumentSnapshot doc) {
        if (!doc.exists() || doc.getString("json") == null) {
            return null;
        }
        return FieldStateJson.parse(doc.getString("json"));
    }

    /** Composes the next field from the previous one inside a transaction, so the version only grows. */
    public FieldState writeFieldNext(java.util.function.Function<FieldState, FieldState> next)
            throws LiveViewException {
        DocumentReference ref = db().collection("field").document("global");
        return await(db().runTransaction(tx -> {
            FieldState previous = fieldOf(tx.get(ref).get());
            FieldState state = next.apply(previous);
            if (previous != null && state.version() <= previous.version()) {
                throw new IllegalStateException("field version must grow");
            }
            tx.set(ref, fieldDocument(state));
            return state;
        }));
    }

    private static Map<String, Object> fieldDocument(FieldState state) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", state.version());
        doc.put("updatedAt", timestamp(state.updatedAtMillis()));
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("coherence", state.global().coherence());
        global.put("agents", state.global().agents());
        doc.put("global", global);
        Map<String, Object> regions = new LinkedHashMap<>();
        state.regions()
                .forEach((name, r) -> regions.put(name, Map.of("coherence", r.coherence(), "agents", r.agents())));
        doc.put("regions", regions);
        doc.put("sacred", Map.of("loveAmplification", state.loveAmplification()));
        // field/global is publicly readable (firestore.rules): the origins' URLs stay out of it. Only their
        // region, health and coherence are kept; the edge gets the routable list from its KV (coherence's PUT).
        Map<String, Object> origins = new LinkedHashMap<>();
        state.origins()
                .forEach(o -> origins.put(
                        o.id(), Map.of("region", o.region(), "healthy", o.healthy(), "coherence", o.coherence())));
        doc.put("origins", origins);
        // the exact JSON of docs/architecture.md#field-state, so readers get byte-identical state without re-encoding
        doc.put("json", FieldStateJson.write(publicState(state)));
        return doc;
    }

    /** The field as anyone may read it: without origins (their URLs are not public). */
    public static FieldState publicState(FieldState state) {
        return state.withOrigins(List.of());
    }

    /**
     * Deletes up to {@code maxShards} field shards of buckets before {@code beforeBucket}, each with its
     * duplicate markers (docs: functions/README.md "Bounded bookkeeping"). Returns the number of shards deleted.
     */
    public int deleteShardsBefore(long beforeBucket, int maxShards) throws LiveViewException {
        List<QueryDocumentSnapshot> old = await(db().collection("fieldShards")
                        .whereLessThan("bucket", beforeBucket)
                        .limit(maxShards)
                        .get())
                .getDocuments();
        for (QueryDocumentSnapshot shard : old) {
            CollectionReference applied = shard.getReference().collection("applied");
            List<QueryDocumentSnapshot> markers;
            do {
                markers = await(applied.limit(400).get()).getDocuments();
                WriteBatch batch = db().batch();
                markers.forEach(m -> batch.delete(m.getReference()));
                if (!markers.isEmpty()) {
                    await(batch.commit());
                }
            } while (markers.size() == 400);
            await(shard.getReference().delete());
        }
        return old.size();
    }

    private static Timestamp timestamp(long millis) {
        return Timestamp.ofTimeMicroseconds(millis * 1000);
    }

    private static <T> T await(com.google.api.core.ApiFuture<T> future) throws LiveViewException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new LiveViewException("Firestore call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveViewException("interrupted", e);
        }
    }
}

package org.sacredcouncil.functions.live;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.sacredcouncil.core.agent.AgentRules;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.event.AgentJoined;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.message.SacredMessage;

/**
 * The live view in Firestore that clients read: {@code agents/{id}}, {@code messages/{id}},
 * {@code field/global} and the contribution shards {@code fieldShards/{shardId}}.
 *
 * <p>Every write is idempotent: documents are merged (not replaced, so memory and wisdom can write the
 * same message document in either order), {@code lastSeen} only moves forward, and a shard increment is
 * committed together with a marker document whose {@code create} fails for an event already applied.
 */
public final class LiveView {

    /** Firestore sustains about one write per second per document: contributions spread over this many. */
    public static final int SHARDS_PER_BUCKET = 16;

    private final Firestore db;

    public LiveView(Firestore db) {
        this.db = db;
    }

    public Firestore firestore() {
        return db;
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
        await(db.collection("messages").document(event.message().id()).set(messageDocument(event), SetOptions.merge()));
    }

    /**
     * The message document and its field contribution in one atomic batch (one round trip). A duplicate
     * delivery fails the marker's {@code create}; the batch changes nothing then, and the message document
     * is already there from the first delivery. Returns false for such a duplicate.
     */
    public boolean writeMessageWithContribution(MessageSent event, CoherenceModel model) throws LiveViewException {
        WriteBatch batch = db.batch();
        batch.set(db.collection("messages").document(event.message().id()), messageDocument(event), SetOptions.merge());
        return commitContribution(batch, event, model);
    }

    public void writeGlyphs(String messageId, List<String> glyphs, String reflection) throws LiveViewException {
        Map<String, Object> doc = new HashMap<>();
        doc.put("glyphs", glyphs);
        doc.put("reflection", reflection);
        await(db.collection("messages").document(messageId).set(doc, SetOptions.merge()));
    }

    public void writeAgent(AgentJoined joined) throws LiveViewException {
        Map<String, Object> doc = new HashMap<>();
        doc.put("region", joined.region());
        if (joined.name() != null) {
            doc.put("name", joined.name());
        }
        doc.put("joinedAt", timestamp(joined.timeMillis()));
        await(db.collection("agents").document(joined.agentId()).set(doc, SetOptions.merge()));
        touchAgent(joined.agentId(), joined.region(), joined.timeMillis());
    }

    /** Moves {@code lastSeen} forward only (a late, older beat leaves it alone). */
    public void touchAgent(String agentId, String region, long millis) throws LiveViewException {
        DocumentReference ref = db.collection("agents").document(agentId);
        await(db.runTransaction(tx -> {
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

    /**
     * One agent's cells are kept apart from every other agent's: the per-agent cap of {@code CoherenceModel}
     * applies to an agent's whole sum. Valid agent ids are {@code [a-z0-9_-]}, safe in a document id, and
     * the shard number is always the last {@code _} segment, so ids never collide; any other id (never
     * issued by heart) is replaced by its hash so that it cannot break the document path.
     */
    public static String shardId(String region, long bucket, String agentId, String eventId) {
        int shard = Math.floorMod(eventId.hashCode(), SHARDS_PER_BUCKET);
        String agent = AgentRules.isValidId(agentId) ? agentId : "h" + Integer.toHexString(agentId.hashCode());
        return region + "_" + bucket + "_" + agent + "_" + shard;
    }

    /**
     * Adds one message's anchored contribution to its shard. The increment and the marker
     * {@code fieldShards/{shard}/applied/{eventId}} commit atomically; a second delivery fails the marker's
     * {@code create} and changes nothing. Returns false for such a duplicate.
     */
    public boolean addContribution(MessageSent event, CoherenceModel model) throws LiveViewException {
        return commitContribution(db.batch(), event, model);
    }

    private boolean commitContribution(WriteBatch batch, MessageSent event, CoherenceModel model)
            throws LiveViewException {
        BucketContribution c = BucketContribution.of(event, model);
        DocumentReference shard = db.collection("fieldShards")
                .document(shardId(c.region(), c.bucket(), c.agentId(), event.id()));
        batch.create(shard.collection("applied").document(event.id()), Map.of("at", timestamp(event.timeMillis())));
        Map<String, Object> sums = new HashMap<>();
        sums.put("region", c.region());
        sums.put("agentId", c.agentId());
        sums.put("bucket", c.bucket());
        sums.put("impact", FieldValue.increment(c.impact()));
        sums.put("loving", FieldValue.increment(c.loving()));
        sums.put("weight", FieldValue.increment(c.weight()));
        sums.put("count", FieldValue.increment(c.count()));
        batch.set(shard, sums, SetOptions.merge());
        try {
            batch.commit().get();
            return true;
        } catch (ExecutionException e) {
            if (isAlreadyExists(e)) {
                return false;
            }
            throw new LiveViewException("field shard write failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveViewException("interrupted", e);
        }
    }

    /** The shards of buckets from {@code oldestBucket} on. */
    public List<BucketContribution> contributionsSince(long oldestBucket) throws LiveViewException {
        List<BucketContribution> out = new ArrayList<>();
        List<QueryDocumentSnapshot> docs = await(db.collection("fieldShards")
                .whereGreaterThanOrEqualTo("bucket", oldestBucket).get()).getDocuments();
        for (QueryDocumentSnapshot d : docs) {
            Long bucket = d.getLong("bucket");
            String region = d.getString("region");
            String agentId = d.getString("agentId");
            if (bucket == null || region == null || agentId == null) {
                continue; // a shard written before per-agent cells; it leaves the window within the hour
            }
            out.add(new BucketContribution(region, agentId, bucket, number(d, "impact"), number(d, "loving"),
                    number(d, "weight"), (int) number(d, "count")));
        }
        return out;
    }

    private static double number(DocumentSnapshot d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.doubleValue() : 0.0;
    }

    /** The last published field, or null before the first tick. */
    public FieldState readField() throws LiveViewException {
        DocumentSnapshot doc = await(db.collection("field").document("global").get());
        return fieldOf(doc);
    }

    private static FieldState fieldOf(DocumentSnapshot doc) {
        if (!doc.exists() || doc.getString("json") == null) {
            return null;
        }
        return FieldStateJson.parse(doc.getString("json"));
    }

    /** Composes the next field from the previous one inside a transaction, so the version only grows. */
    public FieldState writeFieldNext(java.util.function.Function<FieldState, FieldState> next) throws LiveViewException {
        DocumentReference ref = db.collection("field").document("global");
        return await(db.runTransaction(tx -> {
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
        state.regions().forEach((name, r) -> regions.put(name, Map.of("coherence", r.coherence(), "agents", r.agents())));
        doc.put("regions", regions);
        doc.put("sacred", Map.of("loveAmplification", state.loveAmplification()));
        // field/global is publicly readable (firestore.rules): the origins' URLs stay out of it. Only their
        // region, health and coherence are kept; the edge gets the routable list from its KV (coherence's PUT).
        Map<String, Object> origins = new LinkedHashMap<>();
        state.origins().forEach(o -> origins.put(o.id(),
                Map.of("region", o.region(), "healthy", o.healthy(), "coherence", o.coherence())));
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
        List<QueryDocumentSnapshot> old = await(db.collection("fieldShards")
                .whereLessThan("bucket", beforeBucket).limit(maxShards).get()).getDocuments();
        for (QueryDocumentSnapshot shard : old) {
            CollectionReference applied = shard.getReference().collection("applied");
            List<QueryDocumentSnapshot> markers;
            do {
                markers = await(applied.limit(400).get()).getDocuments();
                WriteBatch batch = db.batch();
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

    private static boolean isAlreadyExists(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
                return true;
            }
            if (t instanceof io.grpc.StatusRuntimeException s && s.getStatus().getCode() == io.grpc.Status.Code.ALREADY_EXISTS) {
                return true;
            }
        }
        return false;
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

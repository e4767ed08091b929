package org.sacredcouncil.e2e.audit;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.core.coherence.CoherenceModel;
import org.sacredcouncil.core.coherence.FieldReading;
import org.sacredcouncil.core.coherence.FieldRecompute;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * What the council has stored, read straight from the stores (not through the API), for the chaos suite:
 * the messages whose text contains a marker — their log rows, glyphs in PostgreSQL and their Firestore
 * documents with glyphs — and the field checked against the log. Prints one JSON object on stdout.
 *
 * <p>The field check, after recovery: the published {@code field/global} against
 * {@link FieldRecompute#read} over the PostgreSQL log at the field's own time (the batch recomputation of
 * README "Coherence"); with a second argument, a file holding a field as the edge's hub served it (its
 * incremental fold, docs/live-field.md), the same check of that field at its own {@code updatedAt}. Reads
 * only; uses core's model and the tables and documents of functions/README.md.
 *
 * <p>Usage: {@code StoreAudit <marker> [live-field.json]} with {@code DATABASE_URL}, {@code DATABASE_USER},
 * {@code DATABASE_PASSWORD}, {@code FIRESTORE_EMULATOR_HOST}, {@code GOOGLE_CLOUD_PROJECT} set.
 */
public final class StoreAudit {

    private static final CoherenceModel MODEL = CoherenceModel.DEFAULT;

    private StoreAudit() {}

    /** One stored message with the marker. */
    record StoredMessage(String messageId, String eventId, String text, int logRows, boolean pgGlyphs) {}

    public static void main(String[] args) throws Exception {
        String marker = args.length > 0 ? args[0] : "";
        Firestore firestore = FirestoreOptions.newBuilder()
                .setProjectId(env("GOOGLE_CLOUD_PROJECT"))
                .setEmulatorHost(env("FIRESTORE_EMULATOR_HOST"))
                .build()
                .getService();
        try (Connection db = DriverManager.getConnection(
                env("DATABASE_URL"), System.getenv("DATABASE_USER"), System.getenv("DATABASE_PASSWORD"))) {
            JsonWriter out = new JsonWriter().beginObject();
            writeMessages(out, db, firestore, marker);
            writeField(out, db, firestore);
            if (args.length > 1) {
                // the live field as a socket or GET /v1/field gave it (the hub's fold, docs/live-field.md)
                writeFieldCheck(
                        out,
                        "live",
                        db,
                        FieldStateJson.parse(java.nio.file.Files.readString(java.nio.file.Path.of(args[1]))));
            }
            System.out.println(out.endObject());
        } finally {
            firestore.shutdownNow();
        }
    }

    private static void writeMessages(JsonWriter out, Connection db, Firestore firestore, String marker)
            throws Exception {
        List<StoredMessage> stored = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT m.id, m.event_id, m.text, (SELECT count(*) FROM events e WHERE e.event_id = m.event_id),"
                        + " EXISTS (SELECT 1 FROM message_glyphs g WHERE g.message_id = m.id)"
                        + " FROM messages m WHERE strpos(m.text, ?) > 0 ORDER BY m.id")) {
            s.setString(1, marker);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.add(new StoredMessage(
                            r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getBoolean(5)));
                }
            }
        }
        Map<String, DocumentSnapshot> docs = new HashMap<>();
        for (int from = 0; from < stored.size(); from += 300) {
            List<DocumentReference> refs = new ArrayList<>();
            for (StoredMessage m : stored.subList(from, Math.min(stored.size(), from + 300))) {
                refs.add(firestore.collection("messages").document(m.messageId()));
            }
            for (DocumentSnapshot d :
                    firestore.getAll(refs.toArray(DocumentReference[]::new)).get(60, TimeUnit.SECONDS)) {
                docs.put(d.getId(), d);
            }
        }
        out.name("messages").beginArray();
        for (StoredMessage m : stored) {
            DocumentSnapshot doc = docs.get(m.messageId());
            Object glyphs = doc != null && doc.exists() ? doc.get("glyphs") : null;
            out.beginObject()
                    .name("messageId")
                    .value(m.messageId())
                    .name("eventId")
                    .value(m.eventId())
                    .name("text")
                    .value(m.text())
                    .name("logRows")
                    .value(m.logRows())
                    .name("pgGlyphs")
                    .value(m.pgGlyphs())
                    .name("fsDoc")
                    .value(doc != null && doc.exists() && doc.get("eventId") != null)
                    .name("fsGlyphs")
                    .value(glyphs instanceof List<?> list && !list.isEmpty())
                    .endObject();
        }
        out.endArray();
    }

    private static void writeField(JsonWriter out, Connection db, Firestore firestore) throws Exception {
        DocumentSnapshot fieldDoc =
                firestore.collection("field").document("global").get().get(60, TimeUnit.SECONDS);
        long lastRecorded = 0;
        try (PreparedStatement s = db.prepareStatement("SELECT max(recorded_at) FROM events WHERE type = ?")) {
            s.setString(1, org.sacredcouncil.core.event.EventTypes.MESSAGE_SENT);
            try (ResultSet r = s.executeQuery()) {
                if (r.next() && r.getTimestamp(1) != null) {
                    lastRecorded = r.getTimestamp(1).getTime();
                }
            }
        }
        out.name("lastRecordedAt").value(lastRecorded);
        if (!fieldDoc.exists() || fieldDoc.getString("json") == null) {
            out.name("field").nullValue();
            return;
        }
        FieldState field = FieldStateJson.parse(fieldDoc.getString("json"));
        writeFieldCheck(out, "field", db, field);
    }

    /**
     * A field (Firestore's, or the edge hub's live field given on the command line) against the batch
     * recomputation of the log's window at the field's own {@code updatedAt}.
     */
    static void writeFieldCheck(JsonWriter out, String name, Connection db, FieldState field) throws Exception {
        long at = field.updatedAtMillis();
        List<MessageSent> window = messagesInWindow(db, at);
        FieldReading batch = FieldRecompute.read(window, at, MODEL);
        double regionDiff = 0;
        for (Map.Entry<String, Double> region : batch.regionCoherence().entrySet()) {
            Double published = field.regions().containsKey(region.getKey())
                    ? field.regions().get(region.getKey()).coherence()
                    : null;
            regionDiff = Math.max(regionDiff, published == null ? 1.0 : Math.abs(published - region.getValue()));
        }
        out.name(name)
                .beginObject()
                .name("version")
                .value(field.version())
                .name("updatedAt")
                .value(at)
                .name("coherence")
                .value(field.global().coherence())
                .name("recomputed")
                .value(batch.globalCoherence())
                .name("diffPublished")
                .value(Math.abs(field.global().coherence() - batch.globalCoherence()))
                .name("diffRegions")
                .value(regionDiff)
                .name("windowMessages")
                .value(window.size())
                .endObject();
    }

    /** The log's window at {@code now}, read as coherence reads it (type, occurred_at in the window). */
    private static List<MessageSent> messagesInWindow(Connection db, long now) throws Exception {
        List<MessageSent> events = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT cloud_event FROM events WHERE type = ?" + " AND occurred_at >= ? AND occurred_at < ?")) {
            s.setString(1, org.sacredcouncil.core.event.EventTypes.MESSAGE_SENT);
            s.setTimestamp(2, new Timestamp(MODEL.windowStart(now)));
            s.setTimestamp(3, new Timestamp(MODEL.windowEnd(now)));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (EventCodec.fromCloudEventJson(r.getString(1)) instanceof MessageSent m) {
                        events.add(m);
                    }
                }
            }
        }
        return events;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}

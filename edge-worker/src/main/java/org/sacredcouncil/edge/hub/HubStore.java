package org.sacredcouncil.edge.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * The hub's durable form in Durable Object storage, so that a restarted (or evicted) hub serves the current
 * field and its version never goes backwards: {@code field} (the field last published, with its version),
 * {@code meta} (the snapshot's read time and recent ids, the origins), {@code cells} (the last snapshot's),
 * {@code c:<event id>} (each contribution folded on top of it), {@code r:<event id>} (each recent message) and
 * {@code p:<agent id>} (per agent: region, last seen, last left).
 *
 * <p>A change writes only what it changed: a message costs its contribution, its recent message, its sender's
 * mark and the field — not the whole recent list, every agent and the snapshot's ids again. (The hub kept
 * whole lists under {@code recent} and {@code presence} before it was ever deployed; they are not read.)
 */
public final class HubStore {

    public static final String META = "meta";
    public static final String CELLS = "cells";
    public static final String FOLDED_PREFIX = "c:";
    public static final String FIELD = "field";
    public static final String RECENT_PREFIX = "r:";
    public static final String PRESENCE_PREFIX = "p:";

    private HubStore() {}

    public static String meta(LiveField f) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("version").value(f.version);
        w.name("snapshotReadAt");
        optional(w, f.snapshotReadAt);
        w.name("recentIds").beginArray();
        for (String id : sorted(f.snapshotRecentIds)) {
            w.value(id);
        }
        w.endArray();
        w.name("origins").beginArray();
        for (Origin o : f.origins) {
            w.beginObject()
                    .name("id")
                    .value(o.id())
                    .name("url")
                    .value(o.url())
                    .name("region")
                    .value(o.region())
                    .name("healthy")
                    .value(o.healthy())
                    .name("coherence")
                    .value(o.coherence())
                    .endObject();
        }
        w.endArray();
        return w.endObject().toString();
    }

    public static String cells(LiveField f) {
        JsonWriter w = new JsonWriter().beginArray();
        for (BucketContribution c : f.snapshotCells) {
            cell(w, c);
        }
        return w.endArray().toString();
    }

    public static String folded(LiveField.Folded f) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("id")
                .value(f.id())
                .name("recordedAt")
                .value(f.recordedAt())
                .name("cell");
        cell(w, f.cell());
        return w.endObject().toString();
    }

    public static String recent(RecentMessage m) {
        JsonWriter w = new JsonWriter();
        m.write(w);
        return w.toString();
    }

    /** One agent's mark: {@code [agentId, region, seen, left]}. */
    public static String mark(LiveField.Mark m) {
        JsonWriter w = new JsonWriter().beginArray().value(m.agentId());
        if (m.region() == null) {
            w.nullValue();
        } else {
            w.value(m.region());
        }
        optional(w, m.seen());
        optional(w, m.left());
        return w.endArray().toString();
    }

    /** What storage held, as read by the hub's load; null texts are keys never written (a new hub). */
    public static final class Stored {
        String meta;
        String field;
        String cells;
        List<String> folded = new ArrayList<>();
        List<String> recent = new ArrayList<>();
        List<String> marks = new ArrayList<>();
    }

    /** Restores what storage held. */
    public static void restore(LiveField f, Stored stored) {
        if (stored.meta != null) {
            JsonObject m = JsonReader.parseObject(stored.meta);
            f.version = m.integer("version");
            f.snapshotReadAt = m.has("snapshotReadAt") ? m.integer("snapshotReadAt") : Long.MIN_VALUE;
            f.snapshotRecentIds = new HashSet<>(m.strings("recentIds"));
            f.origins = new ArrayList<>();
            for (JsonObject o : m.objects("origins")) {
                f.origins.add(FieldStateJson.originFromJson(o));
            }
        }
        if (stored.field != null) {
            f.restoreField(FieldStateJson.parse(stored.field));
        }
        if (stored.cells != null) {
            f.snapshotCells = new ArrayList<>();
            for (Object c : (List<?>) JsonReader.parse(stored.cells)) {
                f.snapshotCells.add(cell((List<?>) c));
            }
        }
        for (String text : stored.folded) {
            JsonObject o = JsonReader.parseObject(text);
            String id = o.string("id");
            f.folded.put(id, new LiveField.Folded(id, o.integer("recordedAt"), cell(o.array("cell"))));
        }
        for (String text : stored.recent) {
            f.recent.add(RecentMessage.parse(text));
        }
        f.recent.sort((a, b) -> Long.compare(a.recordedAt(), b.recordedAt()));
        while (f.recent.size() > LiveField.RECENT_MESSAGES) {
            f.recentEvicted.add(f.recent.remove(0).id());
        }
        for (String text : stored.marks) {
            List<?> r = (List<?>) JsonReader.parse(text);
            f.restore(new LiveField.Mark((String) r.get(0), (String) r.get(1), millis(r.get(2)), millis(r.get(3))));
        }
        f.rebuild();
    }

    private static void cell(JsonWriter w, BucketContribution c) {
        w.beginArray()
                .value(c.region())
                .value(c.agentId())
                .value(c.bucket())
                .value(c.impact())
                .value(c.loving())
                .value(c.weight())
                .value((long) c.count())
                .endArray();
    }

    private static BucketContribution cell(List<?> c) {
        return new BucketContribution(
                (String) c.get(0),
                (String) c.get(1),
                (long) (double) (Double) c.get(2),
                (Double) c.get(3),
                (Double) c.get(4),
                (Double) c.get(5),
                (int) (double) (Double) c.get(6));
    }

    private static void optional(JsonWriter w, long millis) {
        if (millis == Long.MIN_VALUE) {
            w.nullValue();
        } else {
            w.value(millis);
        }
    }

    private static long millis(Object value) {
        return value == null ? Long.MIN_VALUE : (long) (double) (Double) value;
    }

    private static List<String> sorted(java.util.Set<String> ids) {
        List<String> list = new ArrayList<>(ids);
        list.sort(String::compareTo);
        return list;
    }
}

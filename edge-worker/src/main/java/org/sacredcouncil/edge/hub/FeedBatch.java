package org.sacredcouncil.edge.hub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.EventFormatException;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * Parses a feed body {@code {"items":[...]}} whole before anything is applied: a batch with one bad item is
 * refused as a whole (400 naming the item's field), so a feed is applied entirely or not at all.
 */
public final class FeedBatch {

    public static final int MAX_ITEMS = 500;

    private FeedBatch() {}

    /** @throws JsonException naming the offending field ({@code items[3].recordedAt}) */
    public static List<FeedItem> parse(String body) {
        JsonObject root = JsonReader.parseObject(body);
        List<JsonObject> raw = root.objects("items");
        if (raw.size() > MAX_ITEMS) {
            throw new JsonException("items", "field items: at most " + MAX_ITEMS + " items per batch");
        }
        List<FeedItem> items = new ArrayList<>(raw.size());
        for (JsonObject item : raw) {
            items.add(item(item));
        }
        return items;
    }

    private static FeedItem item(JsonObject o) {
        String kind = o.string("kind");
        // if-chains, not string switches, throughout the edge: TeaVM makes a hash switch and a second switch of one
        if (kind.equals("event")) {
            return new FeedItem.Event(event(o), millis(o, "recordedAt"));
        }
        if (kind.equals("glyphs")) {
            o.objects("glyphs");
            return new FeedItem.Glyphs(o.string("messageId"), JsonValues.write(o.array("glyphs")));
        }
        if (kind.equals("snapshot")) {
            return snapshot(o);
        }
        throw invalid(o, "kind", "must be event, glyphs or snapshot");
    }

    private static org.sacredcouncil.core.event.CouncilEvent event(JsonObject o) {
        Map<String, Object> fields = o.asMap();
        Object event = fields.get("event");
        String json = event instanceof String ? (String) event : event instanceof Map ? JsonValues.write(event) : null;
        if (json == null) {
            throw invalid(o, "event", "must be the event's CloudEvent JSON");
        }
        try {
            // the live field's types only: the hub is fed no other, and the rest would only grow the bundle
            return EventCodec.fromLiveCloudEventJson(json);
        } catch (EventFormatException e) {
            throw invalid(o, "event", e.getMessage());
        }
    }

    private static FeedItem snapshot(JsonObject o) {
        FieldState field = field(o.object("field"));
        List<BucketContribution> cells = new ArrayList<>();
        for (JsonObject c : o.objects("cells")) {
            try {
                cells.add(new BucketContribution(
                        c.string("region"),
                        c.string("agentId"),
                        c.integer("bucket"),
                        c.number("impact"),
                        c.number("loving"),
                        c.number("weight"),
                        (int) c.integer("count")));
            } catch (JsonException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw invalid(c, "region", e.getMessage());
            }
        }
        Set<String> recentIds = new HashSet<>(o.strings("recentIds"));
        // a snapshot over one post's limit comes in parts (docs/live-field.md#snapshot-parts): both or neither
        int parts = 1;
        int part = 0;
        if (o.has("parts") || o.has("part")) {
            parts = (int) o.integer("parts");
            part = (int) o.integer("part");
            if (parts < 1 || parts > SnapshotParts.MAX_PARTS) {
                throw invalid(o, "parts", "must be within [1, " + SnapshotParts.MAX_PARTS + "]");
            }
            if (part < 0 || part >= parts) {
                throw invalid(o, "part", "must be within [0, parts - 1]");
            }
        }
        return new FeedItem.Snapshot(field, cells, millis(o, "readAt"), recentIds, part, parts);
    }

    /**
     * The recomputed field, in either form: with origin URLs (as Firestore {@code field/global} holds it) or the
     * public one without (as clients see {@code GET /v1/field}); origins without URLs are left out, and the hub
     * keeps the origins it knows.
     */
    static FieldState field(JsonObject o) {
        Map<String, Object> fields = new LinkedHashMap<>(o.asMap());
        Object origins = fields.get("origins");
        if (origins instanceof List && !((List<?>) origins).isEmpty()) {
            for (Object origin : (List<?>) origins) {
                if (!(origin instanceof Map) || !(((Map<?, ?>) origin).get("url") instanceof String)) {
                    fields.remove("origins");
                    break;
                }
            }
        }
        try {
            return FieldStateJson.fromJson(new JsonObject(
                    fields, o.fieldPath("").substring(0, o.fieldPath("").length() - 1)));
        } catch (JsonException e) {
            throw e.field() == null ? new JsonException(o.fieldPath("version"), e.getMessage()) : e;
        }
    }

    /** A refusal naming the offending field by its path ({@code items[3].readAt}) in the field and the message. */
    private static JsonException invalid(JsonObject o, String name, String rule) {
        return new JsonException(o.fieldPath(name), "field " + o.fieldPath(name) + ": " + rule);
    }

    private static long millis(JsonObject o, String name) {
        long value = o.integer(name);
        if (value < 0 || value > FieldState.MAX_VERSION) {
            throw invalid(o, name, "must be unix millis");
        }
        return value;
    }

    static Set<String> none() {
        return new HashSet<>();
    }
}

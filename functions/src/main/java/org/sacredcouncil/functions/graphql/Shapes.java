package org.sacredcouncil.functions.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sacredcouncil.core.glyph.Glyph;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.time.IsoInstant;
import org.sacredcouncil.functions.store.KeysetCursor;

/**
 * REST answers renamed into the schema's shapes (docs/graphql.md#subscriptions, the table): a renaming only,
 * no value is computed here except the edges' cursors, which are the REST keyset cursors of each row.
 */
final class Shapes {

    private final GlyphCatalog catalog;

    Shapes(GlyphCatalog catalog) {
        this.catalog = catalog;
    }

    /** The public field JSON ({@code GET /v1/field}) as {@code Field}. */
    static Map<String, Object> field(JsonObject json) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", json.number("version"));
        f.put("updatedAt", json.string("updatedAt"));
        f.put("coherence", json.object("global").number("coherence"));
        f.put("agents", (int) json.object("global").integer("agents"));
        f.put("loveAmplification", json.object("sacred").number("loveAmplification"));
        f.put("regions", regions(json.optObject("regions")));
        return f;
    }

    /** {@code {"<region>": {coherence, agents}}} as a list sorted by region. */
    static List<Map<String, Object>> regions(JsonObject regions) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (regions == null) {
            return out;
        }
        for (String name : new TreeMap<>(regions.asMap()).keySet()) {
            JsonObject r = regions.object(name);
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("region", name);
            region.put("coherence", r.number("coherence"));
            region.put("agents", (int) r.integer("agents"));
            out.add(region);
        }
        return out;
    }

    /** {@code GET /v1/field/history} as {@code FieldHistory}. */
    static Map<String, Object> history(JsonObject json) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("minutes", (int) json.integer("minutes"));
        List<Map<String, Object>> points = new ArrayList<>();
        for (JsonObject p : json.objects("points")) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("at", p.string("at"));
            point.put("version", p.number("version"));
            point.put("coherence", p.number("coherence"));
            point.put("agentsPresent", (int) p.integer("agentsPresent"));
            point.put("regions", regions(p.optObject("regions")));
            points.add(point);
        }
        h.put("points", points);
        return h;
    }

    /** A message of {@code GET /v1/messages} as {@code Message}; its glyph symbols named from the catalogue. */
    Map<String, Object> message(JsonObject m) {
        Map<String, Object> out = new LinkedHashMap<>();
        String id = m.string("id");
        out.put("__typename", "Message");
        out.put("id", id);
        // heart names a message after its event (SendMessage: "msg-" + event id)
        out.put("eventId", id.startsWith("msg-") ? id.substring(4) : id);
        out.put("agentId", m.string("agentId"));
        out.put("type", m.string("type"));
        out.put("text", m.string("text"));
        out.put("region", m.string("region"));
        out.put("sentAt", m.string("sentAt"));
        out.put("recordedAt", null);
        out.put("impact", m.has("impact") ? m.number("impact") : null);
        List<Map<String, Object>> glyphs = new ArrayList<>();
        for (String symbol : m.strings("glyphs")) {
            Glyph g = catalog.bySymbol(symbol);
            Map<String, Object> glyph = new LinkedHashMap<>();
            glyph.put("symbol", symbol);
            glyph.put("name", g == null ? symbol : g.name());
            glyph.put("score", null);
            glyphs.add(glyph);
        }
        out.put("glyphs", glyphs);
        out.put("reflection", m.optString("reflection", null));
        return out;
    }

    /** {@code {"messages": [...], "nextCursor"}} as a {@code MessageConnection}. */
    Map<String, Object> messages(JsonObject page) {
        List<Map<String, Object>> edges = new ArrayList<>();
        for (JsonObject m : page.objects("messages")) {
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("cursor", new KeysetCursor(IsoInstant.parse(m.string("sentAt")), m.string("id")).encode());
            edge.put("node", message(m));
            edges.add(edge);
        }
        return connection(edges, page.optString("nextCursor", null));
    }

    /** {@code {"artifacts": [...], "nextCursor"}} (docs/artifacts.md#listing) as an {@code ArtifactConnection}. */
    static Map<String, Object> artifacts(JsonObject page) {
        List<Map<String, Object>> edges = new ArrayList<>();
        List<JsonObject> records = page.objects("artifacts");
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> edge = new LinkedHashMap<>();
            // the listing's cursor is per page; a record's own is the next page's start only for the last one
            edge.put("cursor", i == records.size() - 1 ? page.optString("nextCursor", "") : "");
            edge.put("node", records.get(i).asMap());
            edges.add(edge);
        }
        return connection(edges, page.optString("nextCursor", null));
    }

    private static Map<String, Object> connection(List<Map<String, Object>> edges, String nextCursor) {
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", nextCursor != null);
        // the next page starts after the last edge; with more to come that is the REST nextCursor
        pageInfo.put(
                "endCursor",
                nextCursor != null
                        ? nextCursor
                        : edges.isEmpty() ? null : edges.get(edges.size() - 1).get("cursor"));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("pageInfo", pageInfo);
        return connection;
    }

    /** An agent ({@code GET /v1/agents/{id}}) as {@code Agent}, tagged for federation's entity type. */
    static Map<String, Object> agent(JsonObject json) {
        Map<String, Object> a = new LinkedHashMap<>(json.asMap());
        a.put("__typename", "Agent");
        return a;
    }
}

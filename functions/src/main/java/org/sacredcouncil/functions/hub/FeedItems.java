package org.sacredcouncil.functions.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.sacredcouncil.core.coherence.BucketContribution;
import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.glyph.Glyph;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonWriter;

/** The three kinds of feed item, as JSON (docs/live-field.md#feed, the table of items). */
public final class FeedItems {

    private static final GlyphCatalog CATALOG = GlyphCatalog.standard();

    private FeedItems() {}

    /** @param cloudEventJson the structured-mode CloudEvent as {@code EventCodec.toCloudEventJson} wrote it */
    public static String event(String cloudEventJson, long recordedAtMillis) {
        return new JsonWriter()
                .beginObject()
                .name("kind")
                .value("event")
                .name("event")
                .rawValue(cloudEventJson)
                .name("recordedAt")
                .value(recordedAtMillis)
                .endObject()
                .toString();
    }

    /**
     * wisdom stores glyph symbols only (no scores): the item names each one from the catalog and carries no
     * {@code score}; a symbol the catalog does not know (a model's answer is filtered by it) keeps its symbol
     * as its name.
     */
    public static String glyphs(String messageId, List<String> symbols) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("kind")
                .value("glyphs")
                .name("messageId")
                .value(messageId)
                .name("glyphs")
                .beginArray();
        for (String symbol : symbols) {
            Glyph glyph = CATALOG.bySymbol(symbol);
            w.beginObject()
                    .name("symbol")
                    .value(symbol)
                    .name("name")
                    .value(glyph == null ? symbol : glyph.name())
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    /** @param publicField the recomputed field as {@code GET /v1/field} shows it (no origin URLs) */
    public static String snapshot(
            FieldState publicField,
            Collection<BucketContribution> cells,
            long readAtMillis,
            Collection<String> recentIds) {
        List<String> texts = new ArrayList<>(cells.size());
        cells.forEach(c -> texts.add(cell(c)));
        return snapshotPart(FieldStateJson.write(publicField), texts, readAtMillis, recentIds, 0, 1);
    }

    /** One cell as the snapshot item lists it. */
    public static String cell(BucketContribution c) {
        return new JsonWriter()
                .beginObject()
                .name("region")
                .value(c.region())
                .name("agentId")
                .value(c.agentId())
                .name("bucket")
                .value(c.bucket())
                .name("impact")
                .value(c.impact())
                .name("loving")
                .value(c.loving())
                .name("weight")
                .value(c.weight())
                .name("count")
                .value((long) c.count())
                .endObject()
                .toString();
    }

    /**
     * A snapshot item, or one part of a snapshot too large for one post (docs/live-field.md#snapshot-parts):
     * {@code parts} of 1 writes the whole item without part fields.
     *
     * @param fieldJson the field as {@code FieldStateJson.write} writes it
     * @param cellJsons cells as {@link #cell} writes them
     */
    public static String snapshotPart(
            String fieldJson,
            List<String> cellJsons,
            long readAtMillis,
            Collection<String> recentIds,
            int part,
            int parts) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("kind")
                .value("snapshot")
                .name("field")
                .rawValue(fieldJson)
                .name("cells")
                .beginArray();
        cellJsons.forEach(w::rawValue);
        w.endArray().name("readAt").value(readAtMillis).name("recentIds").beginArray();
        recentIds.forEach(w::value);
        w.endArray();
        if (parts > 1) {
            w.name("part").value((long) part).name("parts").value((long) parts);
        }
        return w.endObject().toString();
    }
}

package org.sacredcouncil.functions.heart;

import java.util.Map;
import org.sacredcouncil.core.glyph.Glyph;
import org.sacredcouncil.core.glyph.GlyphCatalog;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.JsonResponse;

/** {@code GET /v1/glyphs}: the catalogue, from memory. */
final class ListGlyphs implements Handler {

    private final GlyphCatalog glyphs;

    ListGlyphs(HeartParts parts) {
        this.glyphs = parts.glyphs();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) {
        JsonWriter w = new JsonWriter().beginObject().name("glyphs").beginArray();
        for (Glyph g : glyphs.all()) {
            w.beginObject()
                    .name("symbol")
                    .value(g.symbol())
                    .name("name")
                    .value(g.name())
                    .name("meaning")
                    .value(g.meaning())
                    .name("keywords")
                    .beginArray();
            g.keywords().forEach(w::value);
            w.endArray().endObject();
        }
        return new JsonResponse(200, w.endArray().endObject().toString());
    }
}

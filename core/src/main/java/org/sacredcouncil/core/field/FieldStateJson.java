package org.sacredcouncil.core.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.time.IsoInstant;

/** The field state's JSON form, exactly as docs/architecture.md#field-state fixes it. */
public final class FieldStateJson {

    private FieldStateJson() {}

    public static String write(FieldState state) {
        JsonWriter w = new JsonWriter();
        write(w, state);
        return w.toString();
    }

    /**
     * The field as clients see it: origins keep id, region, health and coherence but not their URLs, which
     * only the edge needs for routing (issue 12: the public field listed the origins' addresses).
     */
    public static String writePublic(FieldState state) {
        JsonWriter w = new JsonWriter();
        write(w, state, false);
        return w.toString();
    }

    public static void write(JsonWriter w, FieldState state) {
        write(w, state, true);
    }

    private static void write(JsonWriter w, FieldState state, boolean originUrls) {
        w.beginObject();
        w.name("version").value(state.version());
        w.name("updatedAt").value(IsoInstant.format(state.updatedAtMillis()));
        w.name("global");
        writeRegion(w, state.global());
        w.name("regions").beginObject();
        for (Map.Entry<String, RegionField> region : state.regions().entrySet()) {
            w.name(region.getKey());
            writeRegion(w, region.getValue());
        }
        w.endObject();
        w.name("sacred")
                .beginObject()
                .name("loveAmplification")
                .value(state.loveAmplification())
                .endObject();
        w.name("origins").beginArray();
        for (Origin origin : state.origins()) {
            w.beginObject().name("id").value(origin.id());
            if (originUrls) {
                w.name("url").value(origin.url());
            }
            w.name("region")
                    .value(origin.region())
                    .name("healthy")
                    .value(origin.healthy())
                    .name("coherence")
                    .value(origin.coherence())
                    .endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void writeRegion(JsonWriter w, RegionField region) {
        w.beginObject()
                .name("coherence")
                .value(region.coherence())
                .name("agents")
                .value((long) region.agents())
                .endObject();
    }

    /** @throws JsonException naming the field when the document is not a valid field state */
    public static FieldState parse(String json) {
        return fromJson(JsonReader.parseObject(json));
    }

    public static FieldState fromJson(JsonObject o) {
        try {
            long version = o.integer("version");
            long updatedAt = parseTime(o, "updatedAt");
            RegionField global = region(o.object("global"));
            TreeMap<String, RegionField> regions = new TreeMap<>();
            JsonObject regionsJson = o.optObject("regions");
            if (regionsJson != null) {
                for (String name : regionsJson.names()) {
                    regions.put(name, region(regionsJson.object(name)));
                }
            }
            JsonObject sacred = o.optObject("sacred");
            double love = sacred == null ? 1.0 : sacred.number("loveAmplification");
            List<Origin> origins = new ArrayList<>();
            if (o.has("origins")) {
                for (JsonObject origin : o.objects("origins")) {
                    origins.add(originFromJson(origin));
                }
            }
            return new FieldState(version, updatedAt, global, regions, love, origins);
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException("invalid field state: " + e.getMessage());
        }
    }

    /** One origin; also used for the edge's {@code ORIGINS} variable, where health and coherence are optional. */
    public static Origin originFromJson(JsonObject origin) {
        try {
            return new Origin(
                    origin.string("id"),
                    origin.string("url"),
                    origin.optString("region", ""),
                    origin.optBool("healthy", true),
                    origin.optNumber("coherence", FieldState.BASELINE_COHERENCE));
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(origin.fieldPath("url"), e.getMessage());
        }
    }

    private static RegionField region(JsonObject r) {
        double coherence = r.number("coherence");
        long agents = r.integer("agents");
        if (!(coherence >= 0 && coherence <= 1)) {
            throw new JsonException(
                    r.fieldPath("coherence"), "field " + r.fieldPath("coherence") + ": must be within [0, 1]");
        }
        if (agents < 0 || agents > Integer.MAX_VALUE) {
            throw new JsonException(r.fieldPath("agents"), "field " + r.fieldPath("agents") + ": out of range");
        }
        return new RegionField(coherence, (int) agents);
    }

    private static long parseTime(JsonObject o, String name) {
        String text = o.string(name);
        try {
            return IsoInstant.parse(text);
        } catch (IllegalArgumentException e) {
            throw new JsonException(o.fieldPath(name), "field " + o.fieldPath(name) + ": " + e.getMessage());
        }
    }
}

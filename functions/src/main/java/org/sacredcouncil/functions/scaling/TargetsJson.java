package org.sacredcouncil.functions.scaling;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.scaling.InstanceCounts;
import org.sacredcouncil.core.scaling.ScalingBounds;
import org.sacredcouncil.core.scaling.ScalingTarget;

/**
 * {@code SCALING_TARGETS}, written by Terraform (modules/gcp-functions/scaling.tf):
 *
 * <pre>
 * [{"function":"heart","service":"projects/P/locations/L/services/S","region":"europe-west1",
 *   "utcOffsetMinutes":60,"baseline":{"min":1,"max":3},
 *   "bounds":{"minLow":0,"minHigh":2,"maxLow":1,"maxHigh":3},"messagesPerInstanceMinute":600}, ...]
 * </pre>
 *
 * {@code region} absent or null: the target follows the whole council. A bad document fails at start-up with
 * the field's path, so a wrong deployment never scales anything.
 */
public final class TargetsJson {

    private TargetsJson() {}

    public static List<ScalingTarget> parse(String json) {
        List<ScalingTarget> out = new ArrayList<>();
        for (JsonObject t : JsonReader.parseObject("{\"targets\":" + json + "}").objects("targets")) {
            JsonObject baseline = t.object("baseline");
            JsonObject bounds = t.object("bounds");
            out.add(new ScalingTarget(
                    t.string("function"),
                    t.string("service"),
                    t.has("region") && t.asMap().get("region") != null ? t.string("region") : null,
                    (int) t.integer("utcOffsetMinutes"),
                    new InstanceCounts((int) baseline.integer("min"), (int) baseline.integer("max")),
                    new ScalingBounds(
                            (int) bounds.integer("minLow"),
                            (int) bounds.integer("minHigh"),
                            (int) bounds.integer("maxLow"),
                            (int) bounds.integer("maxHigh")),
                    t.number("messagesPerInstanceMinute")));
        }
        return out;
    }
}

package org.sacredcouncil.edge.health;

import java.util.ArrayList;
import java.util.List;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.core.field.Origin;
import org.sacredcouncil.core.routing.OriginObservations;
import org.sacredcouncil.edge.cache.CachedField;

/**
 * The field as clients see it, with {@code origins[].healthy} telling what this edge routes to
 * (docs/observability.md#origin-health): an origin listed healthy that is probe-down or ejected is shown
 * {@code false}. While every origin is as the field says, the held field's own JSON and ETag are served
 * untouched (no work per request but the check); otherwise the body is written once per change and its ETag
 * carries a health generation, so {@code If-None-Match} never hides a change of health.
 */
public final class PublicField {

    private final OriginObservations observations;
    private CachedField basis;
    private String downKey = "";
    private int generation;
    private String json;
    private String etag;

    public PublicField(OriginObservations observations) {
        this.observations = observations;
    }

    /** Brings the view up to date for {@code held} now; then {@link #json()} and {@link #etag()} answer. */
    public void update(CachedField held, long nowMillis) {
        String down = "";
        for (Origin o : held.state().origins()) {
            if (o.healthy() && !observations.isRoutable(o.id(), nowMillis)) {
                down += o.id() + "\n";
            }
        }
        if (held == basis && down.equals(downKey)) {
            return;
        }
        if (!down.equals(downKey)) {
            generation++;
        }
        basis = held;
        downKey = down;
        if (down.isEmpty()) {
            json = held.publicJson();
            etag = held.etag();
            return;
        }
        List<Origin> shown = new ArrayList<>();
        for (Origin o : held.state().origins()) {
            boolean healthy = o.healthy() && observations.isRoutable(o.id(), nowMillis);
            shown.add(new Origin(o.id(), o.url(), o.region(), healthy, o.coherence()));
        }
        json = FieldStateJson.writePublic(held.state().withOrigins(shown));
        etag = "\"field-v" + held.versionText() + "-h" + generation + "\"";
    }

    public String json() {
        return json;
    }

    public String etag() {
        return etag;
    }
}

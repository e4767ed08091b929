package org.sacredcouncil.edge.cache;

import org.sacredcouncil.core.field.FieldState;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.edge.headers.FieldHeaderValues;

/**
 * A field state as the edge holds it, with everything derived from it computed once per version rather
 * than per request: the JSON bodies (the full one for KV, the public one without origin URLs for clients),
 * the ETag and the header texts (under TeaVM {@code long} arithmetic is
 * BigInt, so {@code Long.toString} on every request is measurable). Also carries the time a tier last
 * confirmed it and the tier it came from.
 */
public record CachedField(
        FieldState state,
        String json,
        String publicJson,
        String etag,
        String versionText,
        String coherenceText,
        String blessing,
        long confirmedAtMillis,
        String source) {

    /** What the edge works with before any tier had a state: the baseline field, version 0, no origins. */
    public static final CachedField INITIAL = of(FieldState.initial(), Long.MIN_VALUE / 2, FieldTier.MEMORY);

    public static CachedField of(FieldState state, long confirmedAtMillis, String source) {
        double coherence = state.global().coherence();
        return new CachedField(
                state,
                FieldStateJson.write(state),
                FieldStateJson.writePublic(state),
                etagOf(state.version()),
                Long.toString(state.version()),
                FieldHeaderValues.coherence(coherence),
                FieldHeaderValues.blessing(coherence),
                confirmedAtMillis,
                source);
    }

    /** One version is one state, so the version alone is a strong validator. */
    public static String etagOf(long version) {
        return "\"field-v" + version + "\"";
    }

    public double coherence() {
        return state.global().coherence();
    }

    CachedField confirmedAt(long millis) {
        return new CachedField(state, json, publicJson, etag, versionText, coherenceText, blessing, millis, source);
    }
}

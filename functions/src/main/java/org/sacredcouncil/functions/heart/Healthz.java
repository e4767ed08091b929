package org.sacredcouncil.functions.heart;

import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.functions.http.JsonResponse;

/** {@code GET /v1/healthz}: for probes; exempt from the edge signature (see {@link HeartFunction}). */
final class Healthz implements Handler {

    private final String region;

    Healthz(HeartParts parts) {
        this.region = parts.region();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) {
        return new JsonResponse(
                200,
                new JsonWriter()
                        .beginObject()
                        .name("status")
                        .value("ok")
                        .name("region")
                        .value(region)
                        .endObject()
                        .toString());
    }
}

package org.sacredcouncil.functions.heart;

import java.util.Map;
import org.sacredcouncil.core.field.FieldStateJson;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.live.LiveViewException;

/** {@code GET /v1/field}: the field state JSON (docs/contracts.md), without PostgreSQL. */
final class GetField implements Handler {

    private final CurrentField field;

    GetField(HeartParts parts) {
        this.field = parts.field();
    }

    @Override
    public JsonResponse handle(IncomingRequest request, Map<String, String> path) throws LiveViewException {
        return new JsonResponse(200, FieldStateJson.write(field.get()));
    }
}

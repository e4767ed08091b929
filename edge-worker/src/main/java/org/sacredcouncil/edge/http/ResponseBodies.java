package org.sacredcouncil.edge.http;

import org.sacredcouncil.core.json.JsonWriter;
import org.sacredcouncil.core.pause.PauseDecision;
import org.sacredcouncil.core.pause.PauseKind;

/** JSON bodies the edge writes itself: the error form of docs/contracts.md#errors, and pause answers. */
public final class ResponseBodies {

    private ResponseBodies() {}

    public static String error(String code, String message) {
        return error(code, message, null);
    }

    /** @param field the offending field, header ({@code header:X}) or part of the target, or null */
    public static String error(String code, String message, String field) {
        JsonWriter w = new JsonWriter()
                .beginObject()
                .name("error")
                .beginObject()
                .name("code")
                .value(code)
                .name("message")
                .value(message);
        if (field != null) {
            w.name("field").value(field);
        }
        return w.endObject().endObject().toString();
    }

    /**
     * A 202 pause is not an error: {@code {"pause": {...}}}. A 503 pause is: the error object, plus the same
     * {@code pause} object so clients read the wait the same way in both cases.
     */
    public static String pause(PauseDecision decision, String message) {
        JsonWriter w = new JsonWriter().beginObject();
        if (decision.kind() != PauseKind.CLIENT_REQUESTED) {
            w.name("error")
                    .beginObject()
                    .name("code")
                    .value(decision.kind().code())
                    .name("message")
                    .value(message)
                    .endObject();
        }
        w.name("pause")
                .beginObject()
                .name("reason")
                .value(decision.kind().code())
                .name("durationMs")
                .value(decision.durationMillis())
                .name("retryAfter")
                .value(decision.retryAfterSeconds());
        if (decision.kind() == PauseKind.CLIENT_REQUESTED) {
            w.name("message").value(message);
        }
        return w.endObject().endObject().toString();
    }

    public static String pauseMessage(PauseKind kind, String coherence, double threshold) {
        // comparisons, not a switch over the enum: each such switch costs the bundle a switch-map class
        if (kind == PauseKind.CLIENT_REQUESTED) {
            return "Pause accepted. Breathe, then come back.";
        }
        if (kind == PauseKind.LOW_COHERENCE) {
            return "The field is settling (coherence " + coherence + " is below " + threshold
                    + "); writes pause, reads are served.";
        }
        if (kind == PauseKind.NO_ORIGIN) {
            return "No origin is available right now; try again after the pause.";
        }
        return kind == PauseKind.RATE_LIMITED
                ? "Too many requests of this kind from you; breathe, then come back after the pause."
                : "";
    }
}

package org.sacredcouncil.edge.proxy;

import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonException;
import org.sacredcouncil.core.json.JsonReader;
import org.sacredcouncil.core.text.AsciiCase;

/**
 * Which origin answers count toward its ejection and may be retried elsewhere (docs/contracts.md#origin-fault):
 * a {@code 5xx} that heart marks with {@code X-Origin-Fault}, or a {@code 502}/{@code 503}/{@code 504} that is
 * not in heart's JSON error shape (the platform in front of heart). Every other answer, a {@code 5xx} heart
 * gives in its JSON shape without the mark included, is the client's own: before this rule eight anonymous
 * requests that heart answered 503 ejected both hearts and failed 84 % of other clients' reads (issue 12).
 * Network failures and timeouts are counted by {@link OriginForwarder} itself: the edge holds the whole body
 * before it picks an origin, so they are the origin's.
 *
 * <p>A {@code 503} with {@code X-Sacred-Pause-Duration} is heart's sacred pause of a GraphQL mutation
 * (docs/graphql.md#limits-at-edge), not a fault: it is the client's answer, passed on as it is. heart's GraphQL
 * answers ({@code {"errors": [...]}}, {@code application/graphql-response+json}) are its JSON shape as much as
 * {@code {"error": {...}}} is.
 */
public final class OriginFault {

    public static final String HEADER = "x-origin-fault";

    private OriginFault() {}

    /** Whether the body of an answer must be read to classify or normalise it. */
    public static boolean needsBody(int status, String contentType) {
        return status >= 500 || (status >= 400 && !isJson(contentType));
    }

    public static boolean isFault(int status, String faultHeader, String pauseHeader, String body) {
        if (status < 500 || (status == 503 && pauseHeader != null)) {
            return false;
        }
        if (faultHeader != null) {
            return true;
        }
        return (status == 502 || status == 503 || status == 504) && !isErrorShape(body);
    }

    /**
     * {@code {"error": {"code": "...", ...}}}, as docs/contracts.md#errors fixes it, or a GraphQL answer with {@code
     * errors} (docs/graphql.md#http).
     */
    public static boolean isErrorShape(String body) {
        if (body == null || body.isEmpty()) {
            return false;
        }
        try {
            Object parsed = JsonReader.parse(body);
            if (!(parsed instanceof Map)) {
                return false;
            }
            Object error = ((Map<?, ?>) parsed).get("error");
            Object errors = ((Map<?, ?>) parsed).get("errors");
            return (error instanceof Map && ((Map<?, ?>) error).get("code") instanceof String)
                    || (errors instanceof List && !((List<?>) errors).isEmpty());
        } catch (JsonException e) {
            return false;
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = AsciiCase.lower(contentType);
        return type.startsWith("application/json") || type.startsWith("application/graphql-response+json");
    }

    private static final int[] STATUSES = {400, 401, 403, 404, 405, 408, 413, 414, 415, 429, 431};
    private static final String[] CODES = {
        "bad_request",
        "unauthorized",
        "forbidden",
        "not_found",
        "method_not_allowed",
        "request_timeout",
        "payload_too_large",
        "uri_too_long",
        "unsupported_media_type",
        "rate_limited",
        "headers_too_large"
    };

    /** The error code for an origin answer that carried no JSON error of its own (a table: a switch inlines big). */
    public static String codeFor(int status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                return CODES[i];
            }
        }
        return status >= 500 ? "origin_error" : "bad_request";
    }
}

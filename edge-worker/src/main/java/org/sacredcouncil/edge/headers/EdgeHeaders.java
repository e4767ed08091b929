package org.sacredcouncil.edge.headers;

/** Header names of the edge contract (docs/architecture.md#headers), lower-cased as the Fetch API returns them. */
public final class EdgeHeaders {

    private EdgeHeaders() {}

    /** The one client header in the reserved families: {@code needed} asks for a sacred pause. */
    public static final String SACRED_PAUSE = "x-sacred-pause";

    public static final String SACRED_PAUSE_DURATION = "x-sacred-pause-duration";
    public static final String SACRED_BLESSING = "x-sacred-blessing";
    public static final String RETRY_AFTER = "retry-after";

    public static final String EDGE_ARRIVAL = "x-edge-arrival";
    public static final String EDGE_SIGNATURE = "x-edge-signature";
    /** To clients: which origin answered (or {@code edge} when the edge answered itself). */
    public static final String EDGE_ORIGIN = "x-edge-origin";

    public static final String FIELD_VERSION = "x-field-version";
    public static final String FIELD_COHERENCE = "x-field-coherence";
    /** To clients on {@code GET /v1/field}: which tier served the state (memory, kv, origin, stale). */
    public static final String FIELD_CACHE = "x-field-cache";

    public static final String REQUEST_ID = "x-request-id";
    public static final String TRACEPARENT = "traceparent";
    public static final String IDEMPOTENCY_KEY = "idempotency-key";
    public static final String IF_NONE_MATCH = "if-none-match";
    public static final String ETAG = "etag";
    public static final String CACHE_CONTROL = "cache-control";
    public static final String CONTENT_TYPE = "content-type";

    public static final String JSON = "application/json; charset=utf-8";
}

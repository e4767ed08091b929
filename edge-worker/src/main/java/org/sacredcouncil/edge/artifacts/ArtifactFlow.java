package org.sacredcouncil.edge.artifacts;

import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.platform.Headers;
import org.sacredcouncil.edge.platform.Response;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * What the artifact routes borrow from the edge's request flow for one request (EdgeApp implements it), so that an
 * artifact goes through the same rate limits, pause, routing, signature and deadline as every proxied request.
 */
public interface ArtifactFlow {

    /** A new set of the edge's client headers (coherence, arrival, blessing, request id). */
    Headers headers();

    /**
     * Counts the request against the budget of {@code kind} ({@code RequestKind}): null when the kind is not bound,
     * else whether the request is within it (over it: answer {@link #rateLimited}).
     */
    JSPromise<JSBoolean> withinLimit(int kind);

    /** The edge's {@code 429 rate_limited} answer, in the sacred-pause style. */
    Response rateLimited();

    /**
     * Sends {@code body} (or none) to {@code target} on an origin as the proxy does — the client's headers given,
     * less the reserved ones, the pause for writes applied — and resolves with the answer for the client (an origin's,
     * or the edge's own pause: {@code X-Edge-Origin: edge}).
     */
    JSPromise<Response> forward(RequestTarget target, Headers headers, ArrayBuffer body);
}

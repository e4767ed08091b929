package org.sacredcouncil.edge.proxy;

import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.platform.Headers;
import org.teavm.jso.JSObject;

/**
 * A request on its way to an origin: already stripped, decorated and signed. The body is null, an
 * ArrayBuffer (re-sendable, for retryable writes) or the client's stream (sent once).
 */
public record Outbound(String method, RequestTarget target, Headers headers, JSObject body, boolean retryable) {
}

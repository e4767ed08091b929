package org.sacredcouncil.edge.proxy;

import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.headers.InboundHeaderPolicy;
import org.sacredcouncil.edge.platform.Headers;

/** The headers an origin receives: the client's, minus the reserved ones, plus the edge's own. */
public final class OriginHeaders {

    private OriginHeaders() {}

    public static Headers fromClient(Headers incoming) {
        Headers out = Headers.copyOf(incoming);
        for (String name : Headers.names(incoming)) {
            if (InboundHeaderPolicy.strip(name)) {
                out.delete(name);
            }
        }
        return out;
    }

    public static void addEdgeHeaders(Headers out, EdgeStamp stamp) {
        out.set(EdgeHeaders.EDGE_ARRIVAL, stamp.arrival());
        out.set(EdgeHeaders.FIELD_VERSION, stamp.fieldVersion());
        out.set(EdgeHeaders.FIELD_COHERENCE, stamp.fieldCoherence());
        out.set(EdgeHeaders.REQUEST_ID, stamp.requestId());
        out.set(EdgeHeaders.TRACEPARENT, stamp.traceparent());
    }
}

package org.sacredcouncil.edge.headers;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * Which client headers never reach an origin. The reserved families {@code X-Edge-*}, {@code X-Field-*} and
 * {@code X-Sacred-*} are the edge's to set (the origin trusts them once signed), so a client copy is
 * dropped, except {@code X-Sacred-Pause}, the documented client header. Hop-by-hop headers, {@code Expect} and
 * {@code Host} belong to the client's connection, not to the one the edge opens.
 */
public final class InboundHeaderPolicy {

    private InboundHeaderPolicy() {}

    /** @param name a header name in any case (the Fetch API hands them over lower-cased already) */
    public static boolean strip(String name) {
        String n = AsciiCase.lower(name);
        if (n.equals(EdgeHeaders.SACRED_PAUSE)) {
            return false;
        }
        if (n.startsWith("x-edge-") || n.startsWith("x-field-") || n.startsWith("x-sacred-")) {
            return true;
        }
        switch (n) {
            case "host":
            case "connection":
            case "keep-alive":
            case "proxy-connection":
            case "proxy-authorization":
            case "te":
            case "trailer":
            case "transfer-encoding":
            case "upgrade":
            // the edge holds the whole body before it forwards, so there is nothing to continue; the invoker's
            // Jetty answered Expect: 100-continue with a 500 (issue 12)
            case "expect":
            // set anew by the edge: a client value would be forwarded next to ours
            case EdgeHeaders.REQUEST_ID:
            case EdgeHeaders.TRACEPARENT:
            case "tracestate":
                return true;
            default:
                return false;
        }
    }
}

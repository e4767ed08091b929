package org.sacredcouncil.edge.headers;

import org.sacredcouncil.core.text.AsciiCase;

/**
 * Which client headers never reach an origin. The reserved families {@code X-Edge-*}, {@code X-Field-*} and
 * {@code X-Sacred-*} are the edge's to set (the origin trusts them once signed), so a client copy is
 * dropped, except {@code X-Sacred-Pause}, the documented client header. Hop-by-hop headers, {@code Expect} and
 * {@code Host} belong to the client's connection, not to the one the edge opens.
 */
public final class InboundHeaderPolicy {

    /**
     * The single names, between commas (a header name never holds one): a lookup in one string is a fraction of
     * what TeaVM makes of a string switch. Hop-by-hop and connection headers; {@code expect} because the edge holds
     * the whole body before it forwards, so there is nothing to continue (the invoker's Jetty answered {@code
     * Expect: 100-continue} with a 500, issue 12); the trace and request ids because the edge sets them anew (a
     * client value would be forwarded next to ours).
     */
    static final String STRIPPED = ",host,connection,keep-alive,proxy-connection,proxy-authorization,te,trailer,"
            + "transfer-encoding,upgrade,expect," + EdgeHeaders.REQUEST_ID + "," + EdgeHeaders.TRACEPARENT
            + ",tracestate,";

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
        return STRIPPED.indexOf("," + n + ",") >= 0;
    }
}

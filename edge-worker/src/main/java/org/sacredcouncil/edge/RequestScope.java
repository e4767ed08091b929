package org.sacredcouncil.edge;

import org.sacredcouncil.core.text.AsciiCase;
import org.sacredcouncil.edge.cache.CachedField;
import org.sacredcouncil.edge.headers.EdgeHeaders;
import org.sacredcouncil.edge.headers.RequestIds;
import org.sacredcouncil.edge.http.RequestTarget;
import org.sacredcouncil.edge.platform.Request;
import org.sacredcouncil.edge.platform.WebCrypto;
import org.sacredcouncil.edge.platform.WorkerRuntime;
import org.sacredcouncil.edge.proxy.EdgeStamp;

/** What the edge knows about one request from its arrival on: method, target, ids, arrival time. */
final class RequestScope {

    final Request request;
    final String method;
    final RequestTarget target;
    final double arrivalMillis;
    final String arrival;
    final String requestId;
    /** For the request's one metrics data point: what served it (docs/observability.md#edge-metrics). */
    String route = "other";

    String tier = "";
    String pause = "";

    RequestScope(Request request, double arrivalMillis) {
        this.request = request;
        this.method = request.getMethod();
        this.target = RequestTarget.of(request.getUrl());
        this.arrivalMillis = arrivalMillis;
        this.arrival = WorkerRuntime.isoTime(arrivalMillis);
        this.requestId = RequestIds.requestId(request.getHeaders().get(EdgeHeaders.REQUEST_ID), WebCrypto::randomUuid);
    }

    boolean clientAskedForPause() {
        String value = request.getHeaders().get(EdgeHeaders.SACRED_PAUSE);
        // AsciiCase, not equalsIgnoreCase: that pulls TeaVM's Unicode case tables (kilobytes) into the bundle
        return value != null && AsciiCase.lower(value.trim()).equals("needed");
    }

    EdgeStamp stamp(CachedField field) {
        return EdgeStamp.issue(
                arrival,
                field.versionText(),
                field.coherenceText(),
                requestId,
                request.getHeaders().get(EdgeHeaders.TRACEPARENT));
    }

    boolean hasBody() {
        return Request.hasBody(request);
    }
}

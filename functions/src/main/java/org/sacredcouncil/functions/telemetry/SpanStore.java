package org.sacredcouncil.functions.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonWriter;

/**
 * The local stand-in for Cloud Trace: the last {@link #CAPACITY} finished spans of one function, in memory,
 * served as JSON on {@code GET /traces} ({@link LocalEndpoint}). Oldest spans drop out first.
 */
final class SpanStore implements SpanExporter {

    static final int CAPACITY = 2000;

    private final ArrayDeque<SpanData> spans = new ArrayDeque<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> finished) {
        for (SpanData s : finished) {
            if (spans.size() == CAPACITY) {
                spans.removeFirst();
            }
            spans.addLast(s);
        }
        return CompletableResultCode.ofSuccess();
    }

    synchronized List<SpanData> snapshot() {
        return new ArrayList<>(spans);
    }

    /** {@code {"service":…,"spans":[…]}}, only the trace's spans when {@code traceId} is given. */
    String toJson(String service, String traceId) {
        JsonWriter w = new JsonWriter().beginObject().name("service").value(service);
        w.name("spans").beginArray();
        for (SpanData s : snapshot()) {
            if (traceId != null && !traceId.equals(s.getTraceId())) {
                continue;
            }
            w.beginObject()
                    .name("traceId")
                    .value(s.getTraceId())
                    .name("spanId")
                    .value(s.getSpanId())
                    .name("parentSpanId")
                    .value(s.getParentSpanContext().isValid() ? s.getParentSpanId() : null)
                    .name("name")
                    .value(s.getName())
                    .name("kind")
                    .value(s.getKind().name())
                    .name("service")
                    .value(service)
                    .name("startEpochMs")
                    .value(s.getStartEpochNanos() / 1e6)
                    .name("durationMs")
                    .value((s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6)
                    .name("status")
                    .value(s.getStatus().getStatusCode().name());
            w.name("attributes").beginObject();
            for (Map.Entry<AttributeKey<?>, Object> a :
                    s.getAttributes().asMap().entrySet()) {
                w.name(a.getKey().getKey()).value(String.valueOf(a.getValue()));
            }
            w.endObject();
            w.name("links").beginArray();
            for (LinkData l : s.getLinks()) {
                w.beginObject()
                        .name("traceId")
                        .value(l.getSpanContext().getTraceId())
                        .name("spanId")
                        .value(l.getSpanContext().getSpanId())
                        .endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray().endObject();
        return w.toString();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}

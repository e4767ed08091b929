package org.sacredcouncil.functions.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * W3C trace context in and out of what the functions carry: heart's request headers, and Pub/Sub message
 * attributes ({@code traceparent}, {@code tracestate}) by hand — the attribute names are the W3C header names,
 * so a reader of a parked message sees the trace it belongs to. (The Pub/Sub client's own OpenTelemetry
 * support would write {@code googclient_traceparent} and add its own publish/subscribe spans; we neither pull
 * nor use the client's subscriber — pushes arrive over HTTP — so that support would only cover publishing.)
 */
public final class TraceContextCarrier {

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<UnaryOperator<String>> LOOKUP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(UnaryOperator<String> carrier) {
            return W3C.fields();
        }

        @Override
        public String get(UnaryOperator<String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private TraceContextCarrier() {}

    /** The context a header (or attribute) lookup carries; the root context when none or a malformed one. */
    public static Context extract(UnaryOperator<String> lookup) {
        return W3C.extract(Context.root(), lookup, LOOKUP);
    }

    public static Context extract(Map<String, String> attributes) {
        return extract(attributes::get);
    }

    /** The current span's {@code traceparent}, or null outside a valid span. */
    public static String currentTraceparent() {
        String[] out = new String[1];
        injectCurrent((key, value) -> {
            if ("traceparent".equals(key)) {
                out[0] = value;
            }
        });
        return out[0];
    }

    /** The span context a {@code traceparent} names; invalid when it is malformed. */
    public static SpanContext spanContextOf(String traceparent) {
        return Span.fromContext(extract(name -> "traceparent".equals(name) ? traceparent : null))
                .getSpanContext();
    }

    /** Writes the current context's {@code traceparent} (and {@code tracestate}) through {@code put}. */
    public static void injectCurrent(BiConsumer<String, String> put) {
        W3C.inject(Context.current(), put, (carrier, key, value) -> carrier.accept(key, value));
    }
}

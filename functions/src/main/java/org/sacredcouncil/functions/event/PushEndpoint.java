package org.sacredcouncil.functions.event;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.sacredcouncil.functions.http.ApiError;
import org.sacredcouncil.functions.http.JsonResponse;
import org.sacredcouncil.functions.logging.StructuredLog;
import org.sacredcouncil.functions.redrive.Redrive;
import org.sacredcouncil.functions.telemetry.CouncilMetrics;
import org.sacredcouncil.functions.telemetry.Telemetry;
import org.sacredcouncil.functions.telemetry.TraceContextCarrier;

/**
 * The push entry of an event consumer (memory, wisdom, coherence), as an {@code HttpFunction} so that it
 * sees the {@code Authorization} header (a {@code CloudEventsFunction} only gets the event).
 *
 * <p>Answers: {@code 200} processed, duplicate, ignored or parked on the dead-letter topic (Pub/Sub acks);
 * {@code 401} wrong or missing push token, nothing processed (docs/contracts.md#push-auth); {@code 500} a
 * transient failure — Pub/Sub redelivers with backoff (docs/contracts.md#delivery-policy).
 */
public final class PushEndpoint {

    /** Pub/Sub messages are at most 10 MB; base64 in the push envelope makes that about 13.4 MB. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final String function;
    private final PushAuth auth;
    private final EventDecoder decoder;
    private final Consumer<Delivery> handler;
    private final StructuredLog log;
    private final Telemetry telemetry;

    private PushEndpoint(String function, EventDecoder decoder, Consumer<Delivery> handler) {
        this.function = function;
        this.telemetry = Telemetry.of(function);
        this.auth = PushAuth.fromConfig();
        this.decoder = decoder;
        this.handler = handler;
        this.log = StructuredLog.of(function);
    }

    /** A consumer of council events: {@code handler} gets each push's event decoded and checked, once. */
    public static PushEndpoint forEvents(
            String function, EventDecoder decoder, Consumer<EventDecoder.Decoded> handler) {
        CouncilMetrics metrics = Telemetry.of(function).metrics();
        return new PushEndpoint(function, decoder, delivery -> {
            EventDecoder.Decoded decoded = decoder.decode(delivery);
            if (decoded != null) {
                metrics.eventAge(decoded.event().timeMillis());
                handler.accept(decoded);
            }
        });
    }

    /** A consumer of the pushes themselves, whatever they carry (coherence's ticks). */
    public static PushEndpoint forDeliveries(String function, EventDecoder decoder, Consumer<Delivery> handler) {
        return new PushEndpoint(function, decoder, handler);
    }

    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        UnaryOperator<String> header = name -> firstHeader(request.getHeaders(), name);
        if (!auth.accepts(header.apply("authorization"))) {
            log.warn("push refused: missing or wrong push token", "path", request.getPath());
            JsonResponse.error(new ApiError(
                            401,
                            "unauthenticated",
                            "header:Authorization",
                            "a push needs Authorization: Bearer <PUSH_AUTH_TOKEN>"))
                    .writeTo(response);
            return;
        }
        if (!"POST".equalsIgnoreCase(request.getMethod())) {
            JsonResponse.error(new ApiError(405, "method_not_allowed", null, "pushes are POSTs"))
                    .writeTo(response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            JsonResponse.error(new ApiError(413, "payload_too_large", null, "a push is at most 16 MiB"))
                    .writeTo(response);
            return;
        }
        long start = System.nanoTime();
        try {
            Delivery delivery = decoder.unwrap(header, body);
            if (delivery == null) {
                new JsonResponse(200, "{\"status\":\"parked\"}").writeTo(response);
                return;
            }
            handle(delivery, header);
            new JsonResponse(200, "{\"status\":\"done\"}").writeTo(response);
        } catch (RuntimeException e) {
            // TransientFailure, or anything unforeseen: never ack what was not done; Pub/Sub redelivers
            JsonResponse.error(new ApiError(500, "unavailable", null, function + " could not process the event now"))
                    .writeTo(response);
        } finally {
            telemetry.metrics().latency(PUSH_METHOD, start);
        }
    }

    /** The latency histogram's method label of every push. */
    static final String PUSH_METHOD = "push";

    /**
     * Runs the handler in a span that continues the trace the message carries ({@code traceparent} attribute,
     * set by the publisher), else the push request's own {@code traceparent} header (a CloudEvent pushed
     * directly). The message's attribute comes first: on Cloud Run the push request's header belongs to the
     * platform's trace of that request, not to the council's.
     */
    private void handle(Delivery delivery, UnaryOperator<String> header) {
        Context parent = delivery.attributes().containsKey("traceparent") || header == null
                ? TraceContextCarrier.extract(delivery.attributes())
                : TraceContextCarrier.extract(header);
        Span span = telemetry
                .tracer()
                .spanBuilder(function + " push")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.message.id", String.valueOf(delivery.messageId()))
                .startSpan();
        if (delivery.deliveryAttempt() > 0) {
            span.setAttribute("messaging.gcp_pubsub.message.delivery_attempt", delivery.deliveryAttempt());
            telemetry.metrics().deliveryAttempt(delivery.deliveryAttempt());
        }
        if (delivery.attributes().containsKey(Redrive.REDRIVEN_ATTRIBUTE)) {
            telemetry.metrics().redriven();
        }
        try (Scope scope = span.makeCurrent()) {
            handler.accept(delivery);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The {@code CloudEventsFunction} entry (the platform picks it when it runs the function with signature
     * type {@code cloudevent}). Headers are invisible there, so with a push token configured it fails closed.
     */
    public void accept(CloudEvent cloudEvent) {
        if (auth.required()) {
            log.error(
                    "PUSH_AUTH_TOKEN is set but this function runs as a CloudEventsFunction, where the "
                            + "Authorization header is not visible; run it with signature type http (unset FUNCTION_SIGNATURE_TYPE)");
            throw new IllegalStateException("push token cannot be checked in cloudevent mode");
        }
        long start = System.nanoTime();
        try {
            Delivery delivery = decoder.unwrap(cloudEvent);
            if (delivery != null) {
                handle(delivery, null);
            }
        } finally {
            telemetry.metrics().latency(PUSH_METHOD, start);
        }
    }

    private static String firstHeader(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}

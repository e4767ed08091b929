package org.sacredcouncil.functions.telemetry;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sacredcouncil.core.json.JsonObject;
import org.sacredcouncil.core.json.JsonReader;

/**
 * The local trace viewer: reads {@code GET /traces} of each function's telemetry endpoint, joins the spans by
 * trace id and prints the newest traces as trees — service, span, start offset and duration, links.
 *
 * <pre>
 * java -cp &lt;functions classpath&gt; org.sacredcouncil.functions.telemetry.TraceViewMain \
 *     [--traces N] [--trace TRACE_ID] 9464 9465 9466 9467      # ports on 127.0.0.1, or URLs
 * </pre>
 */
public final class TraceViewMain {

    private TraceViewMain() {}

    public static void main(String[] args) throws Exception {
        int traces = 10;
        String only = null;
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--traces") && i + 1 < args.length) {
                traces = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--trace") && i + 1 < args.length) {
                only = args[++i];
            } else {
                endpoints.add(args[i].matches("\\d+") ? "http://127.0.0.1:" + args[i] : args[i]);
            }
        }
        if (endpoints.isEmpty()) {
            System.err.println("usage: TraceViewMain [--traces N] [--trace TRACE_ID] PORT|URL...");
            System.exit(2);
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<JsonObject> spans = new ArrayList<>();
        for (String endpoint : endpoints) {
            String url = endpoint + "/traces" + (only == null ? "" : "?traceId=" + only);
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                spans.addAll(JsonReader.parseObject(r.body()).objects("spans"));
            } catch (Exception e) {
                System.err.println("skipped " + url + ": " + e);
            }
        }
        print(spans, traces, System.out);
    }

    /** The newest {@code limit} traces among {@code spans}, newest first, each as an indented tree. */
    static void print(List<JsonObject> spans, int limit, PrintStream out) {
        Map<String, List<JsonObject>> byTrace = new LinkedHashMap<>();
        for (JsonObject s : spans) {
            byTrace.computeIfAbsent(s.string("traceId"), t -> new ArrayList<>()).add(s);
        }
        List<List<JsonObject>> ordered = new ArrayList<>(byTrace.values());
        ordered.sort(Comparator.comparingDouble(TraceViewMain::start).reversed());
        for (List<JsonObject> trace : ordered.subList(0, Math.min(limit, ordered.size()))) {
            trace.sort(Comparator.comparingDouble(s -> s.number("startEpochMs")));
            double t0 = start(trace);
            double end = trace.stream()
                    .mapToDouble(s -> s.number("startEpochMs") + s.number("durationMs"))
                    .max()
                    .orElse(t0);
            out.printf(
                    "trace %s  %d spans  %.1f ms  (%s)%n",
                    trace.get(0).string("traceId"), trace.size(), end - t0, java.time.Instant.ofEpochMilli((long) t0));
            Map<String, JsonObject> byId = new LinkedHashMap<>();
            trace.forEach(s -> byId.put(s.string("spanId"), s));
            for (JsonObject s : trace) {
                String parent = s.optString("parentSpanId", null);
                if (parent == null || !byId.containsKey(parent)) {
                    printTree(s, trace, byId, 1, t0, out, parent);
                }
            }
            out.println();
        }
    }

    private static void printTree(
            JsonObject span,
            List<JsonObject> trace,
            Map<String, JsonObject> byId,
            int depth,
            double t0,
            PrintStream out,
            String outsideParent) {
        StringBuilder line = new StringBuilder("  ".repeat(depth));
        line.append(String.format(
                "%-10s %-32s +%8.1f ms %8.1f ms %s",
                span.string("service"),
                span.string("name"),
                span.number("startEpochMs") - t0,
                span.number("durationMs"),
                span.string("status").equals("ERROR") ? "ERROR" : ""));
        if (outsideParent != null) {
            line.append(" (parent ").append(outsideParent).append(", e.g. the edge)");
        }
        List<JsonObject> links = span.objects("links");
        if (!links.isEmpty()) {
            line.append(" links:");
            links.forEach(l -> line.append(' ').append(l.string("traceId")));
        }
        out.println(line);
        for (JsonObject child : trace) {
            if (span.string("spanId").equals(child.optString("parentSpanId", null))) {
                printTree(child, trace, byId, depth + 1, t0, out, null);
            }
        }
    }

    private static double start(List<JsonObject> trace) {
        return trace.stream().mapToDouble(s -> s.number("startEpochMs")).min().orElse(0);
    }
}

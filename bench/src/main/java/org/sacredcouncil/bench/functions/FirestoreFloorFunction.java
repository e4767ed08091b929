package org.sacredcouncil.bench.functions;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under memory's and coherence's goals and heart's field read: the official Firestore client
 * alone. {@code GET} reads {@code field/global} (heart's first request in the cold start), {@code POST} sets
 * one small document (memory's Firestore write per event), 200 either way. No database, no decoding.
 */
public final class FirestoreFloorFunction implements HttpFunction {

    private final AtomicLong sequence = new AtomicLong();
    private Firestore firestore;

    private synchronized Firestore firestore() {
        if (firestore == null) {
            firestore = FirestoreOptions.newBuilder()
                    .setProjectId(System.getenv("GOOGLE_CLOUD_PROJECT"))
                    .setEmulatorHost(System.getenv("FIRESTORE_EMULATOR_HOST"))
                    .build()
                    .getService();
        }
        return firestore;
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        byte[] body = request.getInputStream().readAllBytes();
        if (request.getMethod().equals("GET")) {
            boolean exists = firestore()
                    .collection("field")
                    .document("global")
                    .get()
                    .get()
                    .exists();
            response.setContentType("application/json");
            response.getWriter().write("{\"exists\":" + exists + "}");
            return;
        }
        long n = sequence.incrementAndGet();
        firestore()
                .collection("bench-floor")
                .document("doc-" + (n % 64))
                .set(Map.of("n", n, "bytes", body.length, "region", "bench-region"))
                .get();
        response.setContentType("application/json");
        response.getWriter().write("{\"n\":" + n + "}");
    }
}

package org.sacredcouncil.emulator.firestore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sacredcouncil.emulator.firestore.conformance.SuiteContext.code;
import static org.sacredcouncil.emulator.firestore.conformance.SuiteContext.fields;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.VectorQuery;
import com.google.cloud.firestore.VectorQueryOptions;
import com.google.cloud.firestore.VectorQuerySnapshot;
import com.google.cloud.firestore.WriteBatch;
import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.FirestoreGrpc;
import com.google.firestore.v1.ListenRequest;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Target;
import com.google.firestore.v1.TargetChange;
import com.google.firestore.v1.Value;
import com.google.protobuf.Int32Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Vector values and {@code findNearest}, as the service defines them. */
interface VectorCases extends SuiteContext {

    private static List<String> ids(VectorQuerySnapshot s) {
        return s.getDocuments().stream().map(DocumentSnapshot::getId).collect(Collectors.toList());
    }

    private void seedVectors() throws Exception {
        WriteBatch b = db().batch();
        b.set(c().document("x"), fields("kind", "a", "v", FieldValue.vector(new double[] {1, 0})));
        b.set(c().document("y"), fields("kind", "a", "v", FieldValue.vector(new double[] {0, 1})));
        b.set(c().document("xy"), fields("kind", "b", "v", FieldValue.vector(new double[] {2, 2})));
        b.set(c().document("far"), fields("kind", "a", "v", FieldValue.vector(new double[] {-3, -4})));
        b.set(c().document("3d"), fields("kind", "a", "v", FieldValue.vector(new double[] {1, 0, 0})));
        b.set(c().document("array"), fields("kind", "a", "v", List.of(1.0, 0.0)));
        b.commit().get();
    }

    @Test
    default void vectorValuesRoundTripAndSortAfterArraysBeforeMaps() throws Exception {
        c().document("v12")
                .set(fields("v", FieldValue.vector(new double[] {1, 2})))
                .get();
        c().document("v123")
                .set(fields("v", FieldValue.vector(new double[] {1, 2, 3})))
                .get();
        c().document("v20")
                .set(fields("v", FieldValue.vector(new double[] {2, 0})))
                .get();
        c().document("arr").set(fields("v", List.of(9, 9, 9, 9))).get();
        c().document("map").set(fields("v", fields("a", 1))).get();
        assertThat(c().document("v123").get().get().getVectorValue("v").toArray())
                .containsExactly(1, 2, 3);
        // Vectors order after arrays and before maps; shorter vectors first, then element by element.
        assertThat(c().orderBy("v").get().get().getDocuments().stream().map(DocumentSnapshot::getId))
                .containsExactly("arr", "v12", "v20", "v123", "map");
        assertThat(c().whereEqualTo("v", FieldValue.vector(new double[] {2, 0}))
                        .get()
                        .get()
                        .getDocuments())
                .extracting(DocumentSnapshot::getId)
                .containsExactly("v20");
        assertThat(c().whereGreaterThan("v", FieldValue.vector(new double[] {1, 5}))
                        .get()
                        .get()
                        .getDocuments())
                .extracting(DocumentSnapshot::getId)
                .containsExactly("v20", "v123");
    }

    @Test
    default void findNearestByEachDistanceMeasure() throws Exception {
        seedVectors();
        double[] q = {1, 0};
        assertThat(ids(c().findNearest("v", q, 10, VectorQuery.DistanceMeasure.EUCLIDEAN)
                        .get()
                        .get()))
                .containsExactly("x", "y", "xy", "far");
        assertThat(ids(c().findNearest("v", q, 10, VectorQuery.DistanceMeasure.COSINE)
                        .get()
                        .get()))
                .containsExactly("x", "xy", "y", "far");
        // DOT_PRODUCT grows with similarity: largest first.
        assertThat(ids(c().findNearest("v", q, 10, VectorQuery.DistanceMeasure.DOT_PRODUCT)
                        .get()
                        .get()))
                .containsExactly("xy", "x", "y", "far");
        assertThat(ids(c().findNearest("v", q, 2, VectorQuery.DistanceMeasure.EUCLIDEAN)
                        .get()
                        .get()))
                .containsExactly("x", "y");
    }

    @Test
    default void findNearestWithPreFilterDistanceFieldAndThreshold() throws Exception {
        seedVectors();
        VectorQueryOptions withDistance =
                VectorQueryOptions.newBuilder().setDistanceResultField("d").build();
        VectorQuerySnapshot s = c().whereEqualTo("kind", "a")
                .findNearest("v", new double[] {1, 0}, 10, VectorQuery.DistanceMeasure.EUCLIDEAN, withDistance)
                .get()
                .get();
        assertThat(ids(s)).containsExactly("x", "y", "far");
        assertThat(s.getDocuments().get(0).getDouble("d")).isEqualTo(0.0);
        assertThat(s.getDocuments().get(1).getDouble("d"))
                .isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.getDocuments().get(2).getDouble("d"))
                .isCloseTo(Math.sqrt(32), org.assertj.core.data.Offset.offset(1e-9));
        VectorQueryOptions within =
                VectorQueryOptions.newBuilder().setDistanceThreshold(1.5).build();
        assertThat(ids(c().findNearest("v", new double[] {1, 0}, 10, VectorQuery.DistanceMeasure.EUCLIDEAN, within)
                        .get()
                        .get()))
                .containsExactly("x", "y");
        VectorQueryOptions atLeast =
                VectorQueryOptions.newBuilder().setDistanceThreshold(1.0).build();
        assertThat(ids(c().findNearest("v", new double[] {1, 0}, 10, VectorQuery.DistanceMeasure.DOT_PRODUCT, atLeast)
                        .get()
                        .get()))
                .containsExactly("xy", "x");
    }

    @Test
    default void findNearestRefusesABadLimit() throws Exception {
        seedVectors();
        assertThatThrownBy(() -> c().findNearest("v", new double[] {1, 0}, 1001, VectorQuery.DistanceMeasure.EUCLIDEAN)
                        .get()
                        .get())
                .satisfies(e -> assertThat(code(e)).isEqualTo("INVALID_ARGUMENT"));
    }

    /**
     * A vector query cannot be listened to: the service documents that vector search does not support
     * real-time listeners, and no client SDK offers a listener on one (Java's {@code VectorQuery} has only
     * {@code get}). On the raw Listen stream ours removes such a target with INVALID_ARGUMENT; Google's
     * emulator serves it. Each side's answer is pinned.
     */
    @Test
    default void findNearestAsAListenTargetIsRefused() throws Exception {
        seedVectors();
        ManagedChannel channel = channel();
        try {
            BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
            StreamObserver<ListenRequest> requests = FirestoreGrpc.newStub(channel)
                    .withCallCredentials(new ConformanceSuite.OwnerCredentials())
                    .listen(new StreamObserver<>() {
                        public void onNext(ListenResponse r) {
                            responses.add(r);
                        }

                        public void onError(Throwable t) {
                            responses.add(t);
                        }

                        public void onCompleted() {
                            responses.add("completed");
                        }
                    });
            StructuredQuery.FindNearest nearest = StructuredQuery.FindNearest.newBuilder()
                    .setVectorField(StructuredQuery.FieldReference.newBuilder().setFieldPath("v"))
                    .setQueryVector(Value.newBuilder()
                            .setMapValue(MapValue.newBuilder()
                                    .putFields(
                                            "__type__",
                                            Value.newBuilder()
                                                    .setStringValue("__vector__")
                                                    .build())
                                    .putFields(
                                            "value",
                                            Value.newBuilder()
                                                    .setArrayValue(ArrayValue.newBuilder()
                                                            .addValues(Value.newBuilder()
                                                                    .setDoubleValue(1))
                                                            .addValues(Value.newBuilder()
                                                                    .setDoubleValue(0)))
                                                    .build())))
                    .setDistanceMeasure(StructuredQuery.FindNearest.DistanceMeasure.EUCLIDEAN)
                    .setLimit(Int32Value.of(2))
                    .build();
            requests.onNext(ListenRequest.newBuilder()
                    .setDatabase(DATABASE)
                    .setAddTarget(Target.newBuilder()
                            .setTargetId(1)
                            .setQuery(Target.QueryTarget.newBuilder()
                                    .setParent(DATABASE + "/documents")
                                    .setStructuredQuery(StructuredQuery.newBuilder()
                                            .addFrom(StructuredQuery.CollectionSelector.newBuilder()
                                                    .setCollectionId(c().getId()))
                                            .setFindNearest(nearest))))
                    .build());
            if (label().equals("google")) {
                // Google's emulator serves the target: the nearest two, then CURRENT (and would keep it live)
                List<String> served = new java.util.ArrayList<>();
                for (Object o = responses.poll(20, TimeUnit.SECONDS); ; o = responses.poll(20, TimeUnit.SECONDS)) {
                    assertThat(o).isInstanceOf(ListenResponse.class);
                    ListenResponse r = (ListenResponse) o;
                    if (r.hasDocumentChange()) {
                        String name = r.getDocumentChange().getDocument().getName();
                        served.add(name.substring(name.lastIndexOf('/') + 1));
                    }
                    if (r.hasTargetChange()
                            && r.getTargetChange().getTargetChangeType() == TargetChange.TargetChangeType.CURRENT) {
                        break;
                    }
                }
                assertThat(served).containsExactlyInAnyOrder("x", "y");
                return;
            }
            // the service reports a target it cannot serve as that target's removal with the cause (the
            // stream stays open for other targets), as for a rules denial
            Object first = responses.poll(20, TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(ListenResponse.class);
            TargetChange removed = ((ListenResponse) first).getTargetChange();
            assertThat(removed.getTargetChangeType()).isEqualTo(TargetChange.TargetChangeType.REMOVE);
            assertThat(removed.getTargetIdsList()).containsExactly(1);
            assertThat(removed.getCause().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(removed.getCause().getMessage()).contains("find_nearest");
            // no document was sent for it
            assertThat(responses.poll(500, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            channel.shutdownNow();
        }
    }
}

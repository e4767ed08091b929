package org.sacredcouncil.emulator.firestore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sacredcouncil.emulator.firestore.conformance.SuiteContext.code;
import static org.sacredcouncil.emulator.firestore.conformance.SuiteContext.fields;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.TransactionOptions;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Point-in-time reads ({@code read_time}) over the retained versions, as the service serves them. */
interface ReadTimeCases extends SuiteContext {

    @Test
    default void readOnlyTransactionAtAReadTimeSeesThePast() throws Exception {
        DocumentReference a = c().document("a");
        Timestamp t1 = a.set(fields("n", 1)).get().getUpdateTime().toProto();
        a.set(fields("n", 2)).get();
        c().document("b").set(fields("n", 5)).get();
        List<Object> seen = db().runTransaction(
                        tx -> {
                            List<Object> out = new ArrayList<>();
                            out.add(tx.get(a).get().getLong("n"));
                            out.add(tx.get(c().document("b")).get().exists());
                            out.add(tx.get(c().orderBy("n")).get().getDocuments().stream()
                                    .map(DocumentSnapshot::getId)
                                    .toList());
                            out.add(tx.get(c().count()).get().getCount());
                            out.add(tx.getAll(a, c().document("b")).get().stream()
                                    .map(DocumentSnapshot::exists)
                                    .toList());
                            return out;
                        },
                        TransactionOptions.createReadOnlyOptionsBuilder()
                                .setReadTime(t1)
                                .build())
                .get();
        assertThat(seen).containsExactly(1L, false, List.of("a"), 1L, List.of(true, false));
        assertThat(a.get().get().getLong("n")).isEqualTo(2);
    }

    @Test
    default void readTimeOnGetsQueriesAndAggregations() throws Exception {
        DocumentReference a = c().document("a");
        Timestamp t1 = a.set(fields("n", 1)).get().getUpdateTime().toProto();
        a.delete().get();
        c().document("b").set(fields("n", 2)).get();
        ManagedChannel channel = channel();
        try {
            var stub = stub(channel);
            assertThat(stub.getDocument(GetDocumentRequest.newBuilder()
                                    .setName(documentName("a"))
                                    .setReadTime(t1)
                                    .build())
                            .getFieldsMap()
                            .get("n")
                            .getIntegerValue())
                    .isEqualTo(1);
            Iterator<BatchGetDocumentsResponse> got = stub.batchGetDocuments(BatchGetDocumentsRequest.newBuilder()
                    .setDatabase(DATABASE)
                    .addDocuments(documentName("a"))
                    .addDocuments(documentName("b"))
                    .setReadTime(t1)
                    .build());
            List<String> found = new ArrayList<>();
            got.forEachRemaining(r -> {
                found.add(r.hasFound() ? "found" : "missing");
                assertThat(r.getReadTime()).isEqualTo(t1);
            });
            assertThat(found).containsExactly("found", "missing");
            StructuredQuery all = StructuredQuery.newBuilder()
                    .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId(c().getId()))
                    .build();
            List<String> names = new ArrayList<>();
            stub.runQuery(RunQueryRequest.newBuilder()
                            .setParent(DATABASE + "/documents")
                            .setStructuredQuery(all)
                            .setReadTime(t1)
                            .build())
                    .forEachRemaining((RunQueryResponse r) -> {
                        if (r.hasDocument()) {
                            names.add(r.getDocument().getName());
                        }
                    });
            assertThat(names).containsExactly(documentName("a"));
            var count = stub.runAggregationQuery(RunAggregationQueryRequest.newBuilder()
                            .setParent(DATABASE + "/documents")
                            .setStructuredAggregationQuery(StructuredAggregationQuery.newBuilder()
                                    .setStructuredQuery(all)
                                    .addAggregations(StructuredAggregationQuery.Aggregation.newBuilder()
                                            .setAlias("n")
                                            .setCount(
                                                    StructuredAggregationQuery.Aggregation.Count.getDefaultInstance())))
                            .setReadTime(t1)
                            .build())
                    .next();
            assertThat(count.getResult().getAggregateFieldsMap().get("n").getIntegerValue())
                    .isEqualTo(1);
            assertThat(count.getReadTime()).isEqualTo(t1);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    default void readTimeOlderThanAnHourIsRefused() throws Exception {
        c().document("a").set(fields("n", 1)).get();
        // The service answers FAILED_PRECONDITION "The requested snapshot version is too old."; Google's
        // emulator keeps every version and reads at any past time (here: NOT_FOUND, the document was not there).
        org.junit.jupiter.api.Assumptions.assumeFalse(
                label().equals("google"),
                "Google's emulator serves read times older than the service's one-hour window");
        Timestamp twoHoursAgo = Timestamp.newBuilder()
                .setSeconds(System.currentTimeMillis() / 1000 - 7200)
                .build();
        ManagedChannel channel = channel();
        try {
            var stub = stub(channel);
            assertThatThrownBy(() -> stub.getDocument(GetDocumentRequest.newBuilder()
                            .setName(documentName("a"))
                            .setReadTime(twoHoursAgo)
                            .build()))
                    .satisfies(e -> assertThat(code(e)).isEqualTo("FAILED_PRECONDITION"));
        } finally {
            channel.shutdownNow();
        }
    }
}

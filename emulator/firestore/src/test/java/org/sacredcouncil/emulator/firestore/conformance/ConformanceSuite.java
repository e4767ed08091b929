package org.sacredcouncil.emulator.firestore.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.core.CurrentMillisClock;
import com.google.api.gax.retrying.ExponentialRetryAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.retrying.TimedAttemptSettings;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.TransactionOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/**
 * The differential conformance suite: the same operations through the official Java client and the
 * same expected observations, run against our emulator and (where installed) Google's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite
        implements SuiteContext, VectorCases, ReadTimeCases, AggregationAndIdCases, TransactionCases {
    static final String PROJECT = "conformance";

    private EmulatorUnderTest emulator;
    private Firestore db;
    private String col;

    /** Starts the side under test (or skips the class with a message). */
    abstract EmulatorUnderTest startEmulator() throws Exception;

    private EmulatorUnderTest emulator() throws Exception {
        if (emulator == null) {
            emulator = startEmulator();
            db = EmulatorClients.admin(emulator.hostAndPort(), PROJECT);
        }
        return emulator;
    }

    @BeforeEach
    void freshCollection() throws Exception {
        emulator();
        col = "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.shutdownNow();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    public CollectionReference c() {
        return db.collection(col);
    }

    public Firestore db() {
        return db;
    }

    public String hostAndPort() throws Exception {
        return emulator().hostAndPort();
    }

    public String label() throws Exception {
        return emulator().label();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String codeOf(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof ApiException a) {
                return a.getStatusCode().getCode().name();
            }
            if (x instanceof StatusRuntimeException s) {
                return s.getStatus().getCode().name();
            }
            if (x instanceof FirestoreException f && f.getStatus() != null) {
                return f.getStatus().getCode().name();
            }
        }
        return "no status in " + t;
    }

    private static List<String> ids(QuerySnapshot s) {
        return s.getDocuments().stream().map(DocumentSnapshot::getId).collect(Collectors.toList());
    }

    private void seedNumbers() throws Exception {
        WriteBatch b = db.batch();
        for (int i = 1; i <= 6; i++) {
            b.set(
                    c().document("d" + i),
                    map(
                            "n",
                            i,
                            "even",
                            i % 2 == 0,
                            "tags",
                            List.of("t" + i, i % 2 == 0 ? "even" : "odd"),
                            "m",
                            map("x", 10 - i),
                            "s",
                            "s" + (7 - i)));
        }
        b.commit().get();
    }

    // ---- writes ----

    @Test
    void setReplacesTheWholeDocument() throws Exception {
        DocumentReference ref = c().document("a");
        ref.set(map("a", 1, "b", 2)).get();
        ref.set(map("a", 3)).get();
        assertThat(ref.get().get().getData()).isEqualTo(map("a", 3L));
    }

    @Test
    void setWithMergeKeepsOtherFieldsAndMergesNestedMaps() throws Exception {
        DocumentReference ref = c().document("a");
        ref.set(map("a", 1, "m", map("x", 1, "y", 2))).get();
        ref.set(map("b", 2, "m", map("y", 3)), SetOptions.merge()).get();
        assertThat(ref.get().get().getData()).isEqualTo(map("a", 1L, "m", map("x", 1L, "y", 3L), "b", 2L));
    }

    @Test
    void updateWithDottedPathsAndFieldDelete() throws Exception {
        DocumentReference ref = c().document("a");
        ref.set(map("a", 1, "m", map("x", 1, "y", 2), "gone", true)).get();
        ref.update(map("m.y", 5, "m.z.deep", "v", "gone", FieldValue.delete())).get();
        ref.update(FieldPath.of("with.dot"), 7).get();
        Map<String, Object> data = ref.get().get().getData();
        assertThat(data).isEqualTo(map("a", 1L, "m", map("x", 1L, "y", 5L, "z", map("deep", "v")), "with.dot", 7L));
        assertThat(c().whereEqualTo("m.z.deep", "v").get().get().size()).isEqualTo(1);
        assertThat(c().whereEqualTo(FieldPath.of("with.dot"), 7).get().get().size())
                .isEqualTo(1);
    }

    @Test
    void preconditionsFailWithFirestoreCodes() throws Exception {
        DocumentReference ref = c().document("a");
        assertThatThrownBy(() -> ref.update("x", 1).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("NOT_FOUND"));
        ref.create(map("x", 1)).get();
        assertThatThrownBy(() -> ref.create(map("x", 2)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("ALREADY_EXISTS"));
        Timestamp stale = ref.get().get().getUpdateTime();
        ref.update("x", 3).get();
        assertThatThrownBy(() -> ref.delete(Precondition.updatedAt(stale)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("FAILED_PRECONDITION"));
        Timestamp current = ref.get().get().getUpdateTime();
        ref.delete(Precondition.updatedAt(current)).get();
        assertThat(ref.get().get().exists()).isFalse();
        // Deleting a missing document is not an error.
        ref.delete().get();
    }

    @Test
    void createTimeStaysAndUpdateTimeAdvances() throws Exception {
        DocumentReference ref = c().document("a");
        WriteResult w1 = ref.set(map("x", 1)).get();
        WriteResult w2 = ref.set(map("x", 2)).get();
        DocumentSnapshot s = ref.get().get();
        assertThat(s.getCreateTime()).isEqualTo(w1.getUpdateTime());
        assertThat(s.getUpdateTime()).isEqualTo(w2.getUpdateTime());
        assertThat(w2.getUpdateTime()).isGreaterThan(w1.getUpdateTime());
    }

    @Test
    void deleteThenRecreateStartsANewCreateTime() throws Exception {
        DocumentReference ref = c().document("a");
        ref.set(map("x", 1)).get();
        Timestamp first = ref.get().get().getCreateTime();
        ref.delete().get();
        WriteResult again = ref.set(map("x", 1)).get();
        assertThat(ref.get().get().getCreateTime())
                .isEqualTo(again.getUpdateTime())
                .isGreaterThan(first);
    }

    @Test
    void writeThatChangesNothingKeepsTheUpdateTime() throws Exception {
        DocumentReference ref = c().document("a");
        WriteResult w1 = ref.set(map("x", 1, "m", map("a", 1, "b", 2))).get();
        WriteResult w2 = ref.set(map("m", map("b", 2, "a", 1), "x", 1)).get();
        assertThat(w2.getUpdateTime()).isEqualTo(w1.getUpdateTime());
        assertThat(ref.get().get().getUpdateTime()).isEqualTo(w1.getUpdateTime());
        WriteResult w3 = ref.update("x", 2).get();
        assertThat(w3.getUpdateTime()).isGreaterThan(w1.getUpdateTime());
    }

    @Test
    void numbersMatchAcrossIntegerAndDouble() throws Exception {
        c().document("i").set(map("n", 1, "arr", List.of(1, 2))).get();
        c().document("d").set(map("n", 1.0, "arr", List.of(2.5))).get();
        c().document("s").set(map("n", "1", "arr", List.of("1"))).get();
        assertThat(ids(c().whereEqualTo("n", 1).get().get())).containsExactly("d", "i");
        assertThat(ids(c().whereIn("n", List.of(1.0)).get().get())).containsExactly("d", "i");
        assertThat(ids(c().whereArrayContains("arr", 1.0).get().get())).containsExactly("i");
        assertThat(ids(c().whereGreaterThanOrEqualTo("n", 0.5).get().get())).containsExactly("d", "i");
    }

    @Test
    void descendingOrderBreaksTiesByNameDescending() throws Exception {
        seedNumbers();
        assertThat(ids(c().orderBy("even", Query.Direction.DESCENDING).get().get()))
                .containsExactly("d6", "d4", "d2", "d5", "d3", "d1");
        // orderBy(documentId, DESC) alone is left out: Google's emulator refuses it ("Firestore does not
        // support descending key scans") while production Firestore serves it; ours serves it.
    }

    @Test
    void fieldTransforms() throws Exception {
        DocumentReference ref = c().document("a");
        ref.set(map("i", 1, "d", 1.5, "arr", List.of("a", "b"), "s", "text")).get();
        WriteResult w = ref.update(map(
                        "i",
                        FieldValue.increment(2),
                        "d",
                        FieldValue.increment(1),
                        "arr",
                        FieldValue.arrayUnion("b", "c", "c"),
                        "s",
                        FieldValue.increment(5),
                        "at",
                        FieldValue.serverTimestamp(),
                        "fresh",
                        FieldValue.arrayRemove("x")))
                .get();
        DocumentSnapshot s = ref.get().get();
        assertThat(s.get("i")).isEqualTo(3L);
        assertThat(s.get("d")).isEqualTo(2.5);
        assertThat(s.get("arr")).isEqualTo(List.of("a", "b", "c"));
        assertThat(s.get("s")).isEqualTo(5L);
        // Firestore sets REQUEST_TIME to the commit time; Google's emulator takes its own clock (ms), so allow 1 s.
        assertThat(Math.abs(s.getTimestamp("at").toDate().getTime()
                        - w.getUpdateTime().toDate().getTime()))
                .isLessThan(1000);
        assertThat(s.get("fresh")).isEqualTo(List.of());
        ref.update("arr", FieldValue.arrayRemove("a", "c")).get();
        assertThat(ref.get().get().get("arr")).isEqualTo(List.of("b"));
        c().document("new")
                .set(map("n", FieldValue.increment(4), "t", FieldValue.serverTimestamp()))
                .get();
        assertThat(c().document("new").get().get().getLong("n")).isEqualTo(4L);
    }

    @Test
    void valuesRoundTripWithTheirTypes() throws Exception {
        DocumentReference ref = c().document("types");
        Map<String, Object> data = map(
                "null",
                null,
                "bool",
                true,
                "int",
                Long.MAX_VALUE,
                "double",
                0.25,
                "ts",
                Timestamp.ofTimeMicroseconds(1_700_000_000_123_456L),
                "str",
                "héllo ✓",
                "bytes",
                com.google.cloud.firestore.Blob.fromBytes(new byte[] {1, 2, (byte) 255}),
                "ref",
                c().document("other"),
                "geo",
                new com.google.cloud.firestore.GeoPoint(48.1, 11.5),
                "arr",
                Arrays.asList(1L, "two", null),
                "map",
                map("k", map("deep", 1L)));
        ref.set(data).get();
        assertThat(ref.get().get().getData()).isEqualTo(data);
    }

    @Test
    void getAllReportsMissingDocuments() throws Exception {
        c().document("a").set(map("x", 1)).get();
        List<DocumentSnapshot> got =
                db.getAll(c().document("a"), c().document("missing")).get();
        assertThat(got).extracting(DocumentSnapshot::exists).containsExactly(true, false);
    }

    @Test
    void bulkWriterWritesEverything() throws Exception {
        BulkWriter writer = db.bulkWriter();
        for (int i = 0; i < 40; i++) {
            writer.set(c().document("b" + i), map("i", i));
        }
        writer.flush().get();
        writer.delete(c().document("b0"));
        writer.close();
        assertThat(c().get().get().size()).isEqualTo(39);
    }

    // ---- queries ----

    @Test
    void queryEdgeCases() throws Exception {
        c().document("n").set(map("v", null, "arr", List.of())).get();
        c().document("one").set(map("v", 1, "arr", List.of(1, 1))).get();
        c().document("two").set(map("v", "x", "arr", Arrays.asList(null, 2))).get();
        c().document("none").set(map("w", 1)).get();
        assertThat(ids(c().whereNotIn("v", List.of(5)).get().get())).containsExactly("one", "two");
        assertThat(ids(c().whereIn("v", Arrays.asList(null, 1)).get().get())).containsExactly("one");
        assertThat(ids(c().whereEqualTo("v", null).get().get())).containsExactly("n");
        assertThat(ids(c().whereArrayContainsAny("arr", List.of(1, 2)).get().get()))
                .containsExactly("one", "two");
        assertThat(ids(c().whereGreaterThan("v", 0).orderBy("v").get().get())).containsExactly("one");
        assertThat(ids(c().orderBy("v").startAt(1).get().get())).containsExactly("one", "two");
        assertThat(ids(c().orderBy("v").endBefore(1).get().get())).containsExactly("n");
        assertThat(ids(c().whereEqualTo("v", "x")
                        .whereArrayContains("arr", 2)
                        .get()
                        .get()))
                .containsExactly("two");
        assertThat(ids(db.collection(col + "-empty").get().get())).isEmpty();
        assertThat(c().whereEqualTo("v", 99).count().get().get().getCount()).isZero();
        assertThat(c().limit(2).get().get().size()).isEqualTo(2);
    }

    @Test
    void fieldFiltersAndImplicitOrder() throws Exception {
        seedNumbers();
        assertThat(ids(c().whereGreaterThan("n", 2)
                        .whereLessThanOrEqualTo("n", 5)
                        .get()
                        .get()))
                .containsExactly("d3", "d4", "d5");
        assertThat(ids(c().whereNotEqualTo("n", 3).limit(3).get().get())).containsExactly("d1", "d2", "d4");
        assertThat(ids(c().whereIn("n", List.of(6, 1, 9)).get().get())).containsExactly("d1", "d6");
        assertThat(ids(c().whereNotIn("n", List.of(1, 2, 3)).get().get())).containsExactly("d4", "d5", "d6");
        assertThat(ids(c().whereArrayContains("tags", "even").get().get())).containsExactly("d2", "d4", "d6");
        assertThat(ids(c().whereArrayContainsAny("tags", List.of("t1", "t6"))
                        .get()
                        .get()))
                .containsExactly("d1", "d6");
        assertThat(ids(c().whereEqualTo("even", true)
                        .whereGreaterThan("m.x", 5)
                        .get()
                        .get()))
                .containsExactly("d4", "d2");
        assertThat(ids(c().whereEqualTo("n", 2.0).get().get())).containsExactly("d2");
    }

    @Test
    void compositeOrAndFilters() throws Exception {
        seedNumbers();
        Query q = c().where(Filter.or(
                Filter.equalTo("n", 1), Filter.and(Filter.equalTo("even", true), Filter.greaterThan("n", 3))));
        assertThat(ids(q.get().get())).containsExactly("d1", "d4", "d6");
    }

    @Test
    void orderLimitOffsetAndLimitToLast() throws Exception {
        seedNumbers();
        assertThat(ids(c().orderBy("s").limit(2).get().get())).containsExactly("d6", "d5");
        assertThat(ids(c().orderBy("n", Query.Direction.DESCENDING)
                        .offset(1)
                        .limit(2)
                        .get()
                        .get()))
                .containsExactly("d5", "d4");
        assertThat(ids(c().orderBy("n").limitToLast(2).get().get())).containsExactly("d5", "d6");
        assertThat(ids(c().orderBy("n").offset(10).get().get())).isEmpty();
    }

    @Test
    void cursors() throws Exception {
        seedNumbers();
        Query byN = c().orderBy("n");
        assertThat(ids(byN.startAt(3).endBefore(5).get().get())).containsExactly("d3", "d4");
        assertThat(ids(byN.startAfter(3).endAt(5).get().get())).containsExactly("d4", "d5");
        DocumentSnapshot d2 = c().document("d2").get().get();
        assertThat(ids(byN.startAfter(d2).limit(2).get().get())).containsExactly("d3", "d4");
        assertThat(ids(c().orderBy("even")
                        .orderBy(FieldPath.documentId())
                        .startAfter(false, "d3")
                        .get()
                        .get()))
                .containsExactly("d5", "d2", "d4", "d6");
        assertThat(ids(c().orderBy("n", Query.Direction.DESCENDING)
                        .startAt(4)
                        .get()
                        .get()))
                .containsExactly("d4", "d3", "d2", "d1");
        // Paging by __name__ alone, the way the functions page messages.
        assertThat(ids(c().orderBy(FieldPath.documentId())
                        .startAfter("d4")
                        .get()
                        .get()))
                .containsExactly("d5", "d6");
    }

    @Test
    void documentsWithoutTheOrderFieldAreLeftOutAndTypesSortInFirestoreOrder() throws Exception {
        Object[] values = {
            "b", 2L, null, true, 1.5, "a", false, -3L, Timestamp.ofTimeMicroseconds(5), List.of(1L), map("k", 1L)
        };
        for (int i = 0; i < values.length; i++) {
            c().document("v" + i).set(map("v", values[i])).get();
        }
        c().document("none").set(map("other", 1)).get();
        List<Object> ordered = new ArrayList<>();
        for (QueryDocumentSnapshot s : c().orderBy("v").get().get()) {
            ordered.add(s.get("v"));
        }
        assertThat(ordered)
                .containsExactly(
                        null,
                        false,
                        true,
                        -3L,
                        1.5,
                        2L,
                        Timestamp.ofTimeMicroseconds(5),
                        "a",
                        "b",
                        List.of(1L),
                        map("k", 1L));
        // Range filters only match values of the operand's type.
        assertThat(ids(c().whereGreaterThan("v", 0).get().get())).containsExactly("v4", "v1");
        assertThat(ids(c().whereEqualTo("v", null).get().get())).containsExactly("v2");
        assertThat(ids(c().whereNotEqualTo("v", "a").get().get())).hasSize(values.length - 2);
    }

    @Test
    void collectionGroupQueries() throws Exception {
        String group = col + "-msgs";
        db.collection(col)
                .document("x")
                .collection(group)
                .document("m1")
                .set(map("n", 1))
                .get();
        db.collection(col)
                .document("y")
                .collection(group)
                .document("m2")
                .set(map("n", 2))
                .get();
        db.collection(group).document("m3").set(map("n", 3)).get();
        db.collection(col)
                .document("x")
                .collection("other")
                .document("m4")
                .set(map("n", 4))
                .get();
        assertThat(ids(db.collectionGroup(group).orderBy("n").get().get())).containsExactly("m1", "m2", "m3");
        assertThat(ids(db.collectionGroup(group)
                        .whereGreaterThanOrEqualTo("n", 2)
                        .get()
                        .get()))
                .containsExactly("m2", "m3");
    }

    @Test
    void selectReturnsOnlyTheChosenFields() throws Exception {
        seedNumbers();
        DocumentSnapshot s = c().select("n", "m.x")
                .whereEqualTo("n", 1)
                .get()
                .get()
                .getDocuments()
                .get(0);
        assertThat(s.getData()).isEqualTo(map("n", 1L, "m", map("x", 9L)));
    }

    @Test
    void aggregations() throws Exception {
        seedNumbers();
        c().document("text").set(map("n", "not a number")).get();
        AggregateQuerySnapshot all = c().aggregate(
                        AggregateField.count(), AggregateField.sum("n"), AggregateField.average("n"))
                .get()
                .get();
        assertThat(all.getCount()).isEqualTo(7);
        assertThat(all.get(AggregateField.sum("n"))).isEqualTo(21L);
        assertThat(all.get(AggregateField.average("n"))).isEqualTo(3.5);
        assertThat(c().whereEqualTo("even", true).count().get().get().getCount())
                .isEqualTo(3);
        assertThat(c().whereEqualTo("n", 99)
                        .aggregate(AggregateField.average("n"))
                        .get()
                        .get()
                        .get(AggregateField.average("n")))
                .isNull();
    }

    @Test
    void listDocumentsIncludesMissingParentsAndListCollections() throws Exception {
        c().document("a").set(map("x", 1)).get();
        c().document("ghost").collection("sub").document("s").set(map("x", 1)).get();
        List<String> listed = new ArrayList<>();
        c().listDocuments().forEach(r -> listed.add(r.getId()));
        assertThat(listed).containsExactly("a", "ghost");
        assertThat(ids(c().get().get())).containsExactly("a");
        List<String> subs = new ArrayList<>();
        c().document("ghost").listCollections().forEach(r -> subs.add(r.getId()));
        assertThat(subs).containsExactly("sub");
        List<String> roots = new ArrayList<>();
        db.listCollections().forEach(r -> roots.add(r.getId()));
        assertThat(roots).contains(col);
    }

    // ---- transactions ----

    /** Read-modify-write attempts each contending transaction may make. */
    private static final int CONTENDED_ATTEMPTS = 30;

    /**
     * What one transaction attempt may take besides its backoff: on Google's emulator an attempt that
     * meets another on the counter waits for its lock timeout (about 2 s) before it is aborted, and its
     * RPCs (begin, get, commit, rollback) are slow on a loaded machine.
     */
    private static final Duration ATTEMPT_ALLOWANCE = Duration.ofSeconds(10);

    @Test
    void concurrentTransactionalIncrementsAllLand() throws Exception {
        DocumentReference counter = c().document("counter");
        counter.set(map("n", 0)).get();
        int workers = 15;
        // Google's emulator locks pessimistically: attempts that overlap on the counter are aborted after
        // its lock timeout, and on a loaded machine (slow attempts) contenders only get through once the
        // client's jittered exponential backoff (the FirestoreOptions' RetrySettings: 1 s doubling to 32 s
        // before each retry) has spread them wider than an attempt lasts, at attempt 6 or 7, which may start
        // more than a minute in. So a transaction is waited for as long as its allowed attempts and their
        // backoff can take, not a fixed minute. Ours passes with the default 5 attempts too
        // (TransactionContentionTest).
        Duration wait = attemptsBound(db.getOptions().getRetrySettings(), CONTENDED_ATTEMPTS, ATTEMPT_ALLOWANCE);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                tasks.add(() -> db.runTransaction(
                                tx -> {
                                    long n = tx.get(counter).get().getLong("n");
                                    tx.update(counter, "n", n + 1);
                                    return null;
                                },
                                TransactionOptions.createReadWriteOptionsBuilder()
                                        .setNumberOfAttempts(CONTENDED_ATTEMPTS)
                                        .build())
                        .get(wait.toMillis(), TimeUnit.MILLISECONDS));
            }
            for (Future<Object> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counter.get().get().getLong("n")).isEqualTo(workers);
    }

    /**
     * The longest {@code attempts} transaction attempts can take with the client's backoff: the
     * transaction runner sleeps, before each attempt, a random part of the retry delay the retry settings'
     * {@link ExponentialRetryAlgorithm} gives that attempt (none before the first), and each attempt takes
     * up to {@code perAttempt}.
     */
    static Duration attemptsBound(RetrySettings settings, int attempts, Duration perAttempt) {
        ExponentialRetryAlgorithm backoff =
                new ExponentialRetryAlgorithm(settings, CurrentMillisClock.getDefaultClock());
        TimedAttemptSettings attempt = backoff.createFirstAttempt();
        Duration total = Duration.ZERO;
        for (int i = 0; i < attempts; i++) {
            total = total.plus(attempt.getRetryDelayDuration()).plus(perAttempt);
            attempt = backoff.createNextAttempt(attempt);
        }
        return total;
    }

    @Test
    void transactionSeesItsReadsAndQueriesAndCommitsAtomically() throws Exception {
        seedNumbers();
        long total = db.runTransaction(tx -> {
                    QuerySnapshot evens = tx.get(c().whereEqualTo("even", true)).get();
                    long sum = 0;
                    for (QueryDocumentSnapshot s : evens) {
                        sum += s.getLong("n");
                        tx.update(s.getReference(), "seen", true);
                    }
                    tx.set(c().document("sum"), map("sum", sum));
                    return sum;
                })
                .get();
        assertThat(total).isEqualTo(12);
        assertThat(c().whereEqualTo("seen", true).get().get().size()).isEqualTo(3);
        assertThat(c().document("sum").get().get().getLong("sum")).isEqualTo(12);
    }

    @Test
    void failedTransactionWritesNothing() throws Exception {
        c().document("a").set(map("x", 1)).get();
        assertThatThrownBy(() -> db.runTransaction(tx -> {
                            tx.get(c().document("a")).get();
                            tx.set(c().document("b"), map("x", 2));
                            tx.create(c().document("a"), map("x", 3));
                            return null;
                        })
                        .get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("ALREADY_EXISTS"));
        assertThat(c().document("b").get().get().exists()).isFalse();
        assertThat(c().document("a").get().get().getLong("x")).isEqualTo(1);
    }

    @Test
    void readOnlyTransactionReadsAndRefusesWrites() throws Exception {
        c().document("a").set(map("x", 1)).get();
        long x = db.runTransaction(
                        tx -> tx.get(c().document("a")).get().getLong("x"),
                        TransactionOptions.createReadOnlyOptionsBuilder().build())
                .get();
        assertThat(x).isEqualTo(1);
        assertThatThrownBy(() -> db.runTransaction(
                                tx -> {
                                    tx.set(c().document("b"), map("x", 2));
                                    return null;
                                },
                                TransactionOptions.createReadOnlyOptionsBuilder()
                                        .build())
                        .get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("INVALID_ARGUMENT"));
    }

    // ---- listeners ----

    @Test
    void queryListenerSeesAddsModifiesAndRemoves() throws Exception {
        c().document("a").set(map("n", 1)).get();
        BlockingQueue<QuerySnapshot> snaps = new LinkedBlockingQueue<>();
        ListenerRegistration reg = c().whereGreaterThan("n", 0).addSnapshotListener((s, e) -> {
            if (s != null) {
                snaps.add(s);
            }
        });
        try {
            QuerySnapshot first = snaps.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(ids(first)).containsExactly("a");
            c().document("b").set(map("n", 2)).get();
            assertThat(changes(snaps.poll(20, TimeUnit.SECONDS))).containsExactly("ADDED b");
            c().document("a").update("n", 5).get();
            assertThat(changes(snaps.poll(20, TimeUnit.SECONDS))).containsExactly("MODIFIED a");
            c().document("b").update("n", -1).get();
            assertThat(changes(snaps.poll(20, TimeUnit.SECONDS))).containsExactly("REMOVED b");
            c().document("a").delete().get();
            QuerySnapshot last = snaps.poll(20, TimeUnit.SECONDS);
            assertThat(changes(last)).containsExactly("REMOVED a");
            assertThat(last.isEmpty()).isTrue();
        } finally {
            reg.remove();
        }
    }

    @Test
    void limitedQueryListenerTracksTheTopN() throws Exception {
        c().document("a").set(map("score", 1)).get();
        c().document("b").set(map("score", 2)).get();
        c().document("c").set(map("score", 3)).get();
        BlockingQueue<QuerySnapshot> snaps = new LinkedBlockingQueue<>();
        ListenerRegistration reg = c().orderBy("score", Query.Direction.DESCENDING)
                .limit(2)
                .addSnapshotListener((s, e) -> {
                    if (s != null) {
                        snaps.add(s);
                    }
                });
        try {
            assertThat(ids(snaps.poll(20, TimeUnit.SECONDS))).containsExactly("c", "b");
            c().document("d").set(map("score", 10)).get();
            QuerySnapshot s = snaps.poll(20, TimeUnit.SECONDS);
            assertThat(ids(s)).containsExactly("d", "c");
            assertThat(changes(s)).containsExactlyInAnyOrder("ADDED d", "REMOVED b");
            c().document("c").delete().get();
            assertThat(ids(snaps.poll(20, TimeUnit.SECONDS))).containsExactly("d", "b");
        } finally {
            reg.remove();
        }
    }

    @Test
    void documentListenerSeesCreateUpdateDelete() throws Exception {
        DocumentReference ref = c().document("watched");
        BlockingQueue<DocumentSnapshot> snaps = new LinkedBlockingQueue<>();
        ListenerRegistration reg = ref.addSnapshotListener((s, e) -> {
            if (s != null) {
                snaps.add(s);
            }
        });
        try {
            assertThat(snaps.poll(20, TimeUnit.SECONDS).exists()).isFalse();
            ref.set(map("v", 1)).get();
            assertThat(snaps.poll(20, TimeUnit.SECONDS).getLong("v")).isEqualTo(1);
            ref.update("v", 2).get();
            assertThat(snaps.poll(20, TimeUnit.SECONDS).getLong("v")).isEqualTo(2);
            ref.delete().get();
            assertThat(snaps.poll(20, TimeUnit.SECONDS).exists()).isFalse();
        } finally {
            reg.remove();
        }
    }

    private static List<String> changes(QuerySnapshot s) {
        assertThat(s).as("snapshot arrived").isNotNull();
        return s.getDocumentChanges().stream()
                .map(ch -> ch.getType() + " " + ch.getDocument().getId())
                .collect(Collectors.toList());
    }

    // ---- REST endpoints ----

    @Test
    void restReadinessAndReset() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + emulator().hostAndPort() + "/"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body().trim()).isEqualTo("Ok");
        String project = "reset-" + UUID.randomUUID().toString().substring(0, 6);
        Firestore other = EmulatorClients.admin(emulator().hostAndPort(), project);
        try {
            other.collection("k").document("a").set(map("x", 1)).get();
            c().document("kept").set(map("x", 1)).get();
            assertThat(emulator().resetOverRest(project)).isEqualTo(200);
            assertThat(other.collection("k").get().get().isEmpty()).isTrue();
            assertThat(c().document("kept").get().get().exists()).isTrue();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void rulesUploadedOverRestTakeEffect() throws Exception {
        String project = "rules-" + UUID.randomUUID().toString().substring(0, 6);
        Firestore admin = EmulatorClients.admin(emulator().hostAndPort(), project);
        Firestore user = EmulatorClients.endUser(emulator().hostAndPort(), project, "u1");
        try {
            admin.document("k/a").set(map("x", 1)).get();
            assertThat(putRules(
                            project,
                            "service cloud.firestore { match /databases/{d}/documents { match /k/{id} {"
                                    + " allow get: if request.auth.uid == 'nobody'; } } }"))
                    .isEqualTo(200);
            assertThatThrownBy(() -> user.document("k/a").get().get())
                    .satisfies(e -> assertThat(codeOf(e)).isEqualTo("PERMISSION_DENIED"));
            assertThat(admin.document("k/a").get().get().exists()).isTrue();
            assertThat(putRules(
                            project,
                            "service cloud.firestore { match /databases/{d}/documents { match /k/{id} {"
                                    + " allow get: if request.auth.uid == 'u1'; } } }"))
                    .isEqualTo(200);
            assertThat(user.document("k/a").get().get().getLong("x")).isEqualTo(1);
            assertThat(putRules(project, "service cloud.firestore { match /x { allow read: if (; } }"))
                    .isEqualTo(400);
        } finally {
            putRules(project, "service cloud.firestore { match /{path=**} { allow read, write; } }");
            admin.shutdownNow();
            user.shutdownNow();
        }
    }

    private int putRules(String project, String rules) throws Exception {
        String body = "{\"rules\":{\"files\":[{\"name\":\"firestore.rules\",\"content\":"
                + com.google.protobuf.util.JsonFormat.printer()
                        .print(com.google.protobuf.Value.newBuilder().setStringValue(rules))
                + "}]}}";
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + emulator().hostAndPort()
                                        + "/emulator/v1/projects/" + project + ":securityRules"))
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void streamingWriteRpcHandshakesThenCommits() throws Exception {
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forTarget(
                        emulator().hostAndPort())
                .usePlaintext()
                .build();
        try {
            String database = "projects/" + PROJECT + "/databases/(default)";
            BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
            io.grpc.stub.StreamObserver<com.google.firestore.v1.WriteRequest> requests =
                    com.google.firestore.v1.FirestoreGrpc.newStub(channel)
                            .withCallCredentials(new OwnerCredentials())
                            .write(new io.grpc.stub.StreamObserver<>() {
                                public void onNext(com.google.firestore.v1.WriteResponse r) {
                                    responses.add(r);
                                }

                                public void onError(Throwable t) {
                                    responses.add(t);
                                }

                                public void onCompleted() {}
                            });
            requests.onNext(com.google.firestore.v1.WriteRequest.newBuilder()
                    .setDatabase(database)
                    .build());
            Object handshake = responses.poll(20, TimeUnit.SECONDS);
            assertThat(handshake).isInstanceOf(com.google.firestore.v1.WriteResponse.class);
            com.google.firestore.v1.WriteResponse hs = (com.google.firestore.v1.WriteResponse) handshake;
            assertThat(hs.getStreamId()).isNotEmpty();
            String name = database + "/documents/" + col + "/streamed";
            // After the handshake only the token goes back; a stream id would mean "resume" (refused).
            requests.onNext(com.google.firestore.v1.WriteRequest.newBuilder()
                    .setStreamToken(hs.getStreamToken())
                    .addWrites(com.google.firestore.v1.Write.newBuilder()
                            .setUpdate(com.google.firestore.v1.Document.newBuilder()
                                    .setName(name)
                                    .putFields(
                                            "v",
                                            com.google.firestore.v1.Value.newBuilder()
                                                    .setIntegerValue(7)
                                                    .build())))
                    .build());
            Object result = responses.poll(20, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(com.google.firestore.v1.WriteResponse.class);
            assertThat(((com.google.firestore.v1.WriteResponse) result).getWriteResultsCount())
                    .isEqualTo(1);
            assertThat(((com.google.firestore.v1.WriteResponse) result).hasCommitTime())
                    .isTrue();
            requests.onCompleted();
            assertThat(c().document("streamed").get().get().getLong("v")).isEqualTo(7);
        } finally {
            channel.shutdownNow();
        }
    }

    /** {@code Authorization: Bearer owner}, as the official clients send to an emulator. */
    static final class OwnerCredentials extends io.grpc.CallCredentials {
        @Override
        public void applyRequestMetadata(
                RequestInfo info, java.util.concurrent.Executor executor, MetadataApplier applier) {
            io.grpc.Metadata m = new io.grpc.Metadata();
            m.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer owner");
            // The routing header the SDKs send; Google's emulator answers the Write stream UNKNOWN without it.
            m.put(
                    io.grpc.Metadata.Key.of("google-cloud-resource-prefix", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    "projects/" + PROJECT + "/databases/(default)");
            applier.apply(m);
        }
    }

    // ---- bad input ----

    @Test
    void badInputGetsInvalidArgument() throws Exception {
        assertThatThrownBy(() -> c().document("a").set(map("__reserved__", 1)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo("INVALID_ARGUMENT"));
    }
}

package org.sacredcouncil.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.WriteBatch;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/**
 * Executes every row of {@code rules-cases.json} through the official Java client, as the row's end
 * user (an unsigned Firebase ID token) or unauthenticated, against an emulator loaded with
 * {@code firestore.rules}. Allowed = the call succeeds; denied = PERMISSION_DENIED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RulesTableSuite {
    static final String PROJECT = "sacred-rules";

    private String hostAndPort;
    private final Map<String, Firestore> clients = new HashMap<>();
    private RulesCaseTable table;

    /** Starts the emulator with firestore.rules (or skips); returns host:port. */
    abstract String start() throws Exception;

    abstract void stop();

    @BeforeAll
    void seed() throws Exception {
        hostAndPort = start();
        table = RulesCaseTable.load();
        Firestore admin = client("__admin__");
        WriteBatch batch = admin.batch();
        table.seed().forEach((path, data) -> batch.set(admin.document(path), data));
        batch.commit().get();
    }

    @AfterAll
    void shutdown() {
        clients.values().forEach(Firestore::shutdownNow);
        stop();
    }

    private Firestore client(String who) {
        return clients.computeIfAbsent(Objects.toString(who, "__anonymous__"), k -> switch (k) {
            case "__admin__" -> EmulatorClients.admin(hostAndPort, PROJECT);
            case "__anonymous__" -> EmulatorClients.endUser(hostAndPort, PROJECT, null);
            default -> EmulatorClients.endUser(hostAndPort, PROJECT, k);
        });
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsExpectedDecision() {
        return table.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    String outcome = run(c);
                    assertThat(outcome).as(c.toString()).isEqualTo(c.allow() ? "allowed" : "PERMISSION_DENIED");
                }));
    }

    @TestFactory
    Stream<DynamicTest> deniedWritesLeaveTheSeedUntouched() {
        return Stream.of(DynamicTest.dynamicTest("seed documents unchanged after all cases", () -> {
            Firestore admin = client("__admin__");
            for (Map.Entry<String, Map<String, Object>> e : table.seed().entrySet()) {
                assertThat(admin.document(e.getKey()).get().get().getData())
                        .as(e.getKey())
                        .isEqualTo(normalize(e.getValue()));
            }
        }));
    }

    private static Map<String, Object> normalize(Map<String, Object> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> sub ? normalize(castMap(sub)) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private String run(RulesCaseTable.RulesCase c) throws InterruptedException {
        Firestore db = client(c.auth());
        try {
            switch (c.op()) {
                case "get":
                    db.document(c.path()).get().get();
                    break;
                case "list":
                    query(db, c).get().get();
                    break;
                case "create":
                    db.document(c.path()).create(c.data()).get();
                    break;
                case "update":
                    db.document(c.path()).update(c.data()).get();
                    break;
                case "delete":
                    db.document(c.path()).delete().get();
                    break;
                default:
                    throw new IllegalArgumentException("Unknown op " + c.op());
            }
            return "allowed";
        } catch (ExecutionException e) {
            return codeOf(e);
        }
    }

    private static Query query(Firestore db, RulesCaseTable.RulesCase c) {
        Query q = db.collection(c.path());
        Map<String, Object> spec = c.query() == null ? Map.of() : c.query();
        if (spec.containsKey("where")) {
            List<?> w = (List<?>) spec.get("where");
            if (!"==".equals(w.get(1))) {
                throw new IllegalArgumentException("Only == filters in the table: " + w);
            }
            q = q.whereEqualTo((String) w.get(0), w.get(2));
        }
        if (spec.containsKey("orderBy")) {
            q = q.orderBy(
                    (String) spec.get("orderBy"),
                    "desc".equals(spec.get("direction")) ? Query.Direction.DESCENDING : Query.Direction.ASCENDING);
        }
        if (spec.containsKey("limit")) {
            q = q.limit(((Long) spec.get("limit")).intValue());
        }
        return q;
    }

    static String codeOf(Throwable t) {
        List<String> seen = new ArrayList<>();
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
            seen.add(String.valueOf(x));
        }
        return "unexpected " + seen;
    }
}

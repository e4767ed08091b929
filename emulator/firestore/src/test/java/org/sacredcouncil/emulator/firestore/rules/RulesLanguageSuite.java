package org.sacredcouncil.emulator.firestore.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.conformance.EmulatorUnderTest;

/**
 * Rules-language conformance: one rules file using functions, let, in, is, get(), diff(), matches(),
 * recursive wildcards, request.resource and resource; the same ordered cases on ours and Google's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RulesLanguageSuite {
    static final Path RULES = Path.of("src/test/resources/rules/language.rules");
    static final String PROJECT = "rules-language";
    static final Timestamp PAST = Timestamp.parseTimestamp("2026-01-01T00:00:00Z");

    private EmulatorUnderTest emulator;
    private final Map<String, Firestore> clients = new HashMap<>();

    abstract EmulatorUnderTest start(Path rules) throws Exception;

    @BeforeAll
    void seed() throws Exception {
        emulator = start(RULES);
        Firestore admin = client("__admin__");
        WriteBatch b = admin.batch();
        b.set(
                admin.document("posts/p1"),
                map("owner", "u1", "title", "hello", "published", true, "tags", List.of(), "at", PAST));
        b.set(
                admin.document("posts/p2"),
                map("owner", "u1", "title", "draft", "published", false, "tags", List.of(), "at", PAST));
        b.set(admin.document("admins/boss"), map("role", "admin"));
        b.set(admin.document("public/a/b/c"), map("x", 1));
        b.set(admin.document("counters/c"), map("n", 1));
        b.commit().get();
    }

    @AfterAll
    void stop() {
        clients.values().forEach(Firestore::shutdownNow);
        if (emulator != null) {
            emulator.close();
        }
    }

    private Firestore client(String who) {
        return clients.computeIfAbsent(Objects.toString(who, "__anonymous__"), k -> switch (k) {
            case "__admin__" -> EmulatorClients.admin(emulator.hostAndPort(), PROJECT);
            case "__anonymous__" -> EmulatorClients.endUser(emulator.hostAndPort(), PROJECT, null);
            default -> EmulatorClients.endUser(emulator.hostAndPort(), PROJECT, k);
        });
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private record Case(String name, String uid, boolean allow, Function<Firestore, Object> call) {}

    private static Map<String, Object> post(String owner, String title, Object... extra) {
        Map<String, Object> m = map("owner", owner, "title", title, "tags", List.of("a"), "at", PAST);
        m.putAll(map(extra));
        return m;
    }

    private static Object await(com.google.api.core.ApiFuture<?> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new CallFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class CallFailed extends RuntimeException {
        CallFailed(ExecutionException e) {
            super(e);
        }
    }

    private List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case(
                "published post readable by others",
                "u2",
                true,
                db -> await(db.document("posts/p1").get())));
        c.add(new Case(
                "draft not readable by others",
                "u2",
                false,
                db -> await(db.document("posts/p2").get())));
        c.add(new Case(
                "draft readable by owner",
                "u1",
                true,
                db -> await(db.document("posts/p2").get())));
        c.add(new Case(
                "list needs sign-in",
                null,
                false,
                db -> await(db.collection("posts").get())));
        c.add(new Case(
                "signed-in user lists",
                "u2",
                true,
                db -> await(db.collection("posts").get())));
        c.add(new Case(
                "valid create", "u1", true, db -> await(db.document("posts/p9").create(post("u1", "ok")))));
        c.add(new Case(
                "id must match regex",
                "u1",
                false,
                db -> await(db.document("posts/x9").create(post("u1", "ok")))));
        c.add(new Case(
                "hasOnly refuses an extra key",
                "u1",
                false,
                db -> await(db.document("posts/p10").create(post("u1", "ok", "extra", true)))));
        c.add(new Case(
                "score out of range",
                "u1",
                false,
                db -> await(db.document("posts/p11").create(post("u1", "ok", "score", 150)))));
        c.add(new Case(
                "score in range",
                "u1",
                true,
                db -> await(db.document("posts/p12").create(post("u1", "ok", "score", 5)))));
        c.add(new Case(
                "score must be an int",
                "u1",
                false,
                db -> await(db.document("posts/p15").create(post("u1", "ok", "score", 5.5)))));
        c.add(new Case(
                "cannot create for someone else",
                "u1",
                false,
                db -> await(db.document("posts/p13").create(post("u2", "ok")))));
        c.add(new Case(
                "empty title refused",
                "u1",
                false,
                db -> await(db.document("posts/p14").create(post("u1", "")))));
        c.add(new Case(
                "future timestamp refused",
                "u1",
                false,
                db -> await(db.document("posts/p16")
                        .create(post("u1", "ok", "at", Timestamp.parseTimestamp("2099-01-01T00:00:00Z"))))));
        c.add(new Case(
                "owner updates title",
                "u1",
                true,
                db -> await(db.document("posts/p2").update("title", "new"))));
        c.add(new Case(
                "owner cannot touch published",
                "u1",
                false,
                db -> await(db.document("posts/p2").update("published", true))));
        c.add(new Case(
                "non-owner cannot update",
                "u2",
                false,
                db -> await(db.document("posts/p1").update("title", "x"))));
        c.add(new Case(
                "recursive wildcard, deep doc",
                null,
                true,
                db -> await(db.document("public/a/b/c").get())));
        c.add(new Case(
                "recursive wildcard, missing doc",
                null,
                true,
                db -> await(db.document("public/zzz").get())));
        c.add(new Case(
                "own admin doc (missing) readable",
                "u1",
                true,
                db -> await(db.document("admins/u1").get())));
        c.add(new Case(
                "other admin doc not readable",
                "u1",
                false,
                db -> await(db.document("admins/boss").get())));
        c.add(new Case(
                "counter +1 with token claim",
                "u1",
                true,
                db -> await(db.document("counters/c").update("n", 2))));
        c.add(new Case(
                "counter jump refused",
                "u1",
                false,
                db -> await(db.document("counters/c").update("n", 9))));
        c.add(new Case(
                "no rule matches",
                "u1",
                false,
                db -> await(db.document("other/x").get())));
        c.add(new Case(
                "non-owner cannot delete",
                "u2",
                false,
                db -> await(db.document("posts/p2").delete())));
        c.add(new Case(
                "admin deletes through get()",
                "boss",
                true,
                db -> await(db.document("posts/p1").delete())));
        c.add(new Case(
                "unauthenticated delete: get() on a null uid fails closed",
                null,
                false,
                db -> await(db.document("posts/p2").delete())));
        return c;
    }

    @org.junit.jupiter.api.Test
    void listenersAreCheckedByRules() throws Exception {
        java.util.concurrent.BlockingQueue<Object> events = new java.util.concurrent.LinkedBlockingQueue<>();
        var denied = client("u1")
                .document("admins/boss")
                .addSnapshotListener((snap, err) -> events.add(err != null ? err : snap));
        try {
            Object first = events.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(Throwable.class);
            assertThat(org.sacredcouncil.emulator.firestore.conformance.Codes.of((Throwable) first))
                    .isEqualTo("PERMISSION_DENIED");
        } finally {
            denied.remove();
        }
        events.clear();
        var allowed = client("u1")
                .document("public/a/b/c")
                .addSnapshotListener((snap, err) -> events.add(err != null ? err : snap));
        try {
            Object first = events.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(first).isInstanceOf(com.google.cloud.firestore.DocumentSnapshot.class);
            assertThat(((com.google.cloud.firestore.DocumentSnapshot) first).getLong("x"))
                    .isEqualTo(1L);
        } finally {
            allowed.remove();
        }
    }

    @TestFactory
    Stream<DynamicTest> casesInOrder() {
        return cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name() + " → " + (c.allow() ? "allow" : "deny"), () -> {
                    String outcome;
                    try {
                        Object unused = c.call().apply(client(c.uid())); // only whether it throws matters
                        outcome = "allowed";
                    } catch (CallFailed e) {
                        outcome = org.sacredcouncil.emulator.firestore.conformance.Codes.of(e);
                    }
                    assertThat(outcome).isEqualTo(c.allow() ? "allowed" : "PERMISSION_DENIED");
                }));
    }
}

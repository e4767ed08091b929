package org.sacredcouncil.emulator.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.Firestore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.rules.RulesSyntaxException;

/** The launcher-facing API: start, address, reset, close, and clear errors. */
class FirestoreEmulatorTest {

    @Test
    void startsOnAFreePortAndResetDropsEveryProject() throws Exception {
        try (FirestoreEmulator emulator = FirestoreEmulator.start("127.0.0.1", 0, null)) {
            assertThat(emulator.hostAndPort()).isEqualTo("127.0.0.1:" + emulator.port());
            assertThat(emulator.port()).isPositive();
            Firestore a = EmulatorClients.admin(emulator.hostAndPort(), "project-a");
            Firestore b = EmulatorClients.admin(emulator.hostAndPort(), "project-b");
            try {
                a.document("k/1").set(Map.of("x", 1)).get();
                b.document("k/1").set(Map.of("x", 1)).get();
                emulator.reset();
                assertThat(a.collection("k").get().get().isEmpty()).isTrue();
                assertThat(b.collection("k").get().get().isEmpty()).isTrue();
            } finally {
                a.shutdownNow();
                b.shutdownNow();
            }
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        try (FirestoreEmulator first = FirestoreEmulator.start("127.0.0.1", 0, null)) {
            assertThatThrownBy(() -> FirestoreEmulator.start("127.0.0.1", first.port(), null))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(first.port()));
        }
    }

    @Test
    void aRulesFileItCannotEnforceStopsTheStart() throws Exception {
        Path rules = Files.createTempFile("bad", ".rules");
        Files.writeString(
                rules,
                "service cloud.firestore { match /databases/{d}/documents { match /x/{y} {\n"
                        + "  allow read: if math.abs(-1) == 1; } } }");
        assertThatThrownBy(() -> FirestoreEmulator.start("127.0.0.1", 0, rules))
                .isInstanceOf(RulesSyntaxException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("math");
    }
}

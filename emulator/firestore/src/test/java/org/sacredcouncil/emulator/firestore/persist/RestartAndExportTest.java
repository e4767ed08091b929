package org.sacredcouncil.emulator.firestore.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/** The launcher's API: a data directory across restarts (reset included), export and import. */
class RestartAndExportTest {
    private static final String PROJECT = "restart";

    @TempDir
    Path dir;

    private static Map<String, Object> sample(Firestore db) {
        return Map.of(
                "s",
                "text",
                "n",
                42L,
                "d",
                1.5,
                "t",
                Timestamp.ofTimeSecondsAndNanos(1_700_000_000, 123_000),
                "m",
                Map.of("nested", List.of(1L, "two")),
                "g",
                new GeoPoint(1, 2),
                "r",
                db.collection("x").document("y"),
                "v",
                FieldValue.vector(new double[] {0.5, 1}));
    }

    /** DocumentReference and VectorValue compare by identity of their client: compare what they print. */
    private static String sorted(DocumentSnapshot s) {
        return new java.util.TreeMap<>(s.getData()).toString();
    }

    @Test
    void documentsSurviveARestartAndAResetIsKept() throws Exception {
        Path data = dir.resolve("data");
        DocumentSnapshot before;
        try (FirestoreEmulator fs =
                FirestoreEmulator.builder().dataDirectory(data).start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            db.collection("c").document("a").set(sample(db)).get();
            db.collection("gone").document("b").set(Map.of("x", 1)).get();
            before = db.collection("c").document("a").get().get();
            db.shutdownNow();
            fs.reset("projects/" + PROJECT + "/databases/(default)");
            db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            db.collection("c").document("a").set(sample(db)).get();
            before = db.collection("c").document("a").get().get();
            db.shutdownNow();
        }
        try (FirestoreEmulator fs =
                FirestoreEmulator.builder().dataDirectory(data).start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            DocumentSnapshot after = db.collection("c").document("a").get().get();
            assertThat(sorted(after)).isEqualTo(sorted(before));
            assertThat(after.getUpdateTime()).isEqualTo(before.getUpdateTime());
            assertThat(after.getCreateTime()).isEqualTo(before.getCreateTime());
            assertThat(db.collection("gone").get().get().isEmpty()).isTrue();
            db.shutdownNow();
        }
    }

    @Test
    void exportThenImportIntoAFreshEmulator() throws Exception {
        Path export = dir.resolve("export");
        DocumentSnapshot original;
        try (FirestoreEmulator fs = FirestoreEmulator.builder().start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            db.collection("c").document("a").set(sample(db)).get();
            db.collection("c")
                    .document("a")
                    .collection("sub")
                    .document("s")
                    .set(Map.of("k", true))
                    .get();
            Firestore other = EmulatorClients.admin(fs.hostAndPort(), "other-project");
            other.collection("o").document("p").set(Map.of("q", 1L)).get();
            original = db.collection("c").document("a").get().get();
            assertThat(fs.export(export)).isEqualTo(3);
            db.shutdownNow();
            other.shutdownNow();
        }
        for (String f : List.of(
                "firebase-export-metadata.json",
                "firestore_export/firestore_export.overall_export_metadata",
                "firestore_export/all_namespaces/all_kinds/all_namespaces_all_kinds.export_metadata",
                "firestore_export/all_namespaces/all_kinds/output-0")) {
            assertThat(export.resolve(f)).exists();
        }
        assertThat(Files.readString(export.resolve("firebase-export-metadata.json")))
                .contains("\"path\":\"firestore_export\"")
                .contains("\"metadata_file\":\"firestore_export/firestore_export.overall_export_metadata\"");
        try (FirestoreEmulator fs =
                FirestoreEmulator.builder().importFrom(export).start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            DocumentSnapshot imported = db.collection("c").document("a").get().get();
            assertThat(sorted(imported)).isEqualTo(sorted(original));
            // Google's export format has no document times: an import is a commit of its own
            assertThat(imported.getUpdateTime()).isGreaterThan(original.getUpdateTime());
            assertThat(imported.getCreateTime()).isEqualTo(imported.getUpdateTime());
            assertThat(db.collection("c")
                            .document("a")
                            .collection("sub")
                            .document("s")
                            .get()
                            .get()
                            .getBoolean("k"))
                    .isTrue();
            Firestore other = EmulatorClients.admin(fs.hostAndPort(), "other-project");
            assertThat(other.collection("o").document("p").get().get().getLong("q"))
                    .isEqualTo(1);
            // the .overall_export_metadata path (what Google's emulator takes as --seed_from_export) works too
            assertThat(fs.importFrom(export.resolve("firestore_export/firestore_export.overall_export_metadata")))
                    .isEqualTo(3);
            db.shutdownNow();
            other.shutdownNow();
        }
    }

    @Test
    void aDamagedExportIsRefusedWithTheReason() throws Exception {
        Path export = dir.resolve("damaged");
        try (FirestoreEmulator fs = FirestoreEmulator.builder().start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            db.collection("c").document("a").set(Map.of("k", "some text")).get();
            fs.export(export);
            db.shutdownNow();
        }
        Path output = export.resolve("firestore_export/all_namespaces/all_kinds/output-0");
        byte[] bytes = Files.readAllBytes(output);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(output, bytes);
        try (FirestoreEmulator fs = FirestoreEmulator.builder().start()) {
            assertThatThrownBy(() -> fs.importFrom(export))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bad checksum")
                    .hasMessageContaining("output-0");
            // the JSON of this emulator's earlier exports is named as such
            Files.writeString(export.resolve("firestore_export/firestore_export.overall_export_metadata"), "{}");
            assertThatThrownBy(() -> fs.importFrom(export))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("earlier version");
        }
    }

    private static java.net.http.HttpResponse<String> post(String host, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + host + path))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The call {@code firebase emulators:export} makes: one database, into export_directory/export_name. */
    @Test
    void restExportEndpointAsFirebaseToolsCallsIt() throws Exception {
        Path target = Files.createDirectories(dir.resolve("rest"));
        try (FirestoreEmulator fs = FirestoreEmulator.builder().start()) {
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            db.collection("c").document("a").set(Map.of("k", 1L)).get();
            Firestore other = EmulatorClients.admin(fs.hostAndPort(), "other-project");
            other.collection("o").document("p").set(Map.of("q", 1L)).get();
            var missing = post(fs.hostAndPort(), "/emulator/v1/projects/" + PROJECT + ":export", "{}");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("export_directory");
            var ok = post(
                    fs.hostAndPort(),
                    "/emulator/v1/projects/" + PROJECT + ":export",
                    "{\"database\":\"projects/" + PROJECT + "/databases/(default)\",\"export_directory\":\""
                            + target.toAbsolutePath() + "\",\"export_name\":\"named\"}");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            db.shutdownNow();
            other.shutdownNow();
        }
        Path overall = target.resolve("named/named.overall_export_metadata");
        assertThat(overall).exists();
        assertThat(target.resolve("named/all_namespaces/all_kinds/output-0")).exists();
        try (FirestoreEmulator fs = FirestoreEmulator.builder().start()) {
            // only the database named in the request
            assertThat(fs.importFrom(overall)).isEqualTo(1);
            Firestore db = EmulatorClients.admin(fs.hostAndPort(), PROJECT);
            assertThat(db.collection("c").document("a").get().get().getLong("k"))
                    .isEqualTo(1L);
            db.shutdownNow();
        }
    }
}

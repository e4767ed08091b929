package org.sacredcouncil.emulator.firestore.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/**
 * Differential: exports move between Google's emulator and ours in both directions, and the official
 * client reads the same documents on the other side. Skipped where Google's emulator is not installed.
 */
class GoogleExportInteropTest {
    private static final String PROJECT = "interop";
    private static final String DATABASE = "projects/" + PROJECT + "/databases/(default)";

    @TempDir
    Path dir;

    @BeforeEach
    void needsGoogles() {
        Assumptions.assumeTrue(
                GoogleFirestoreEmulator.installed(),
                "Google's Firestore emulator is not installed (" + GoogleFirestoreEmulator.DEFAULT_JAR
                        + "); the export interop cases are skipped");
    }

    @Test
    void googlesExportImportsIntoOurs() throws Exception {
        Map<String, Object> written;
        Path overall;
        try (GoogleFirestoreEmulator google = GoogleFirestoreEmulator.start(null)) {
            Firestore db = EmulatorClients.admin(google.hostAndPort(), PROJECT);
            ExportSamples.write(db);
            written = ExportSamples.read(db);
            overall = google.export(DATABASE, dir.resolve("google"));
            db.shutdownNow();
        }
        assertThat(overall).exists();
        try (FirestoreEmulator ours = FirestoreEmulator.builder().start()) {
            assertThat(ours.importFrom(overall)).isEqualTo(ExportSamples.PATHS.size());
            Firestore db = EmulatorClients.admin(ours.hostAndPort(), PROJECT);
            assertThat(ExportSamples.read(db)).isEqualTo(written);
            // the folder firebase-tools hands over works too (Google's writes no firebase-export-metadata.json)
            assertThat(ours.importFrom(dir.resolve("google"))).isEqualTo(ExportSamples.PATHS.size());
            db.shutdownNow();
        }
    }

    @Test
    void ourExportImportsIntoGoogles() throws Exception {
        Map<String, Object> written;
        Path export = dir.resolve("ours");
        try (FirestoreEmulator ours = FirestoreEmulator.builder().start()) {
            Firestore db = EmulatorClients.admin(ours.hostAndPort(), PROJECT);
            ExportSamples.write(db);
            written = ExportSamples.read(db);
            assertThat(ours.export(export)).isEqualTo(ExportSamples.PATHS.size());
            db.shutdownNow();
        }
        Path overall = export.resolve(EmulatorExport.OVERALL_METADATA);
        try (GoogleFirestoreEmulator google =
                GoogleFirestoreEmulator.start(null, List.of("--seed_from_export=" + overall.toAbsolutePath()))) {
            Firestore db = EmulatorClients.admin(google.hostAndPort(), PROJECT);
            assertThat(ExportSamples.read(db)).isEqualTo(written);
            db.shutdownNow();
        }
    }

    /**
     * Every entity record of Google's export goes through our codec and back to the same document (the
     * bytes themselves differ only in property order, which follows each store's map order).
     */
    @Test
    void googlesEntityRecordsSurviveOurCodec() throws Exception {
        Path overall;
        try (GoogleFirestoreEmulator google = GoogleFirestoreEmulator.start(null)) {
            Firestore db = EmulatorClients.admin(google.hostAndPort(), PROJECT);
            ExportSamples.write(db);
            overall = google.export(DATABASE, dir.resolve("google"));
            db.shutdownNow();
        }
        Path output = overall.resolveSibling(
                        EmulatorExport.KIND_DIR.substring(EmulatorExport.FIRESTORE_DIR.length() + 1))
                .resolve(EmulatorExport.OUTPUT_NAME);
        List<byte[]> records = LevelDbLog.read(Files.readAllBytes(output), output.toString());
        assertThat(records).hasSize(ExportSamples.PATHS.size());
        for (byte[] record : records) {
            EntityProtoCodec.Entity e = EntityProtoCodec.decode(record);
            byte[] ours = EntityProtoCodec.encode(
                    org.sacredcouncil.emulator.firestore.path.ResourceName.parseDocument(e.documentName()), e.fields());
            assertThat(EntityProtoCodec.decode(ours)).isEqualTo(e);
        }
    }
}

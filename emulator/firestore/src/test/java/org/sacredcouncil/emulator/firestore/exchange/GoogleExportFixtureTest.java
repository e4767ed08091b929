package org.sacredcouncil.emulator.firestore.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.GeoPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.client.EmulatorClients;

/**
 * An export made by Google's emulator (gcloud's cloud-firestore-emulator, through its
 * {@code /emulator/v1/projects/p:export} endpoint, from documents written over its REST API) is kept in
 * test resources, so the import of Google's format is checked on machines without it too.
 */
class GoogleExportFixtureTest {
    private static final Path EXPORT = Path.of("src/test/resources/google-export");

    @Test
    void everyValueOfGooglesExportReadsBackThroughTheClient() throws Exception {
        try (FirestoreEmulator ours = FirestoreEmulator.builder().start()) {
            assertThat(ours.importFrom(EXPORT)).isEqualTo(3);
            Firestore db = EmulatorClients.admin(ours.hostAndPort(), "p");
            DocumentSnapshot a = db.document("c/a").get().get();
            assertThat(a.contains("n")).isTrue();
            assertThat(a.get("n")).isNull();
            assertThat(a.getBoolean("b")).isTrue();
            assertThat(a.getLong("i")).isEqualTo(-42L);
            assertThat(a.getDouble("d")).isEqualTo(1.5);
            assertThat(a.getTimestamp("t")).isEqualTo(Timestamp.parseTimestamp("2023-11-14T22:13:20.123456Z"));
            assertThat(a.getString("s")).isEqualTo("héllo");
            assertThat(a.getBlob("y")).isEqualTo(Blob.fromBytes(new byte[] {0, 1, 2, (byte) 0xff}));
            assertThat(((com.google.cloud.firestore.DocumentReference) a.get("r")).getPath())
                    .isEqualTo("x/y");
            assertThat(a.getGeoPoint("g")).isEqualTo(new GeoPoint(1.5, -2));
            assertThat(a.get("a")).isEqualTo(List.of(1L, "two"));
            assertThat(a.get("m")).isEqualTo(Map.of("k", "v", "e", Map.of()));
            assertThat(a.getVectorValue("v").toArray()).containsExactly(0.5, 1.0);
            assertThat(db.document("c/a/sub/__id7__").get().get().getBoolean("k"))
                    .isTrue();
            assertThat(db.document("c/big").get().get().getString("s")).hasSize(40_000);
            // the format has no times: the import's commit time is both
            assertThat(a.getCreateTime()).isEqualTo(a.getUpdateTime());
            // and into one chosen database, whatever project the export came from
            assertThat(ours.importFrom(EXPORT, "projects/elsewhere/databases/(default)"))
                    .isEqualTo(3);
            Firestore other = EmulatorClients.admin(ours.hostAndPort(), "elsewhere");
            assertThat(other.document("c/a").get().get().getLong("i")).isEqualTo(-42L);
            other.shutdownNow();
            db.shutdownNow();
        }
    }
}

package org.sacredcouncil.emulator.firestore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.firestore.v1.Value;
import com.google.protobuf.Timestamp;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.emulator.firestore.path.ResourceName;

/** Past versions: read as of a time, and bounded per document. */
class VersionRetentionTest {
    private static final ResourceName DOC =
            ResourceName.parseDocument("projects/p/databases/(default)/documents/c/hot");

    private static Timestamp write(Database db, long n) {
        db.commitLock().lock();
        try {
            Timestamp t = db.clock().next();
            db.apply(
                    Map.of(
                            DOC,
                            new StoredDocument(
                                    DOC,
                                    Map.of(
                                            "n",
                                            Value.newBuilder()
                                                    .setIntegerValue(n)
                                                    .build()),
                                    t,
                                    t)),
                    t);
            return t;
        } finally {
            db.commitLock().unlock();
        }
    }

    @Test
    void aHotDocumentKeepsItsLatestVersionsAndRefusesReadsBeforeThem() {
        Database db = new Database("projects/p/databases/(default)", new CommitClock());
        Timestamp first = write(db, 0);
        Timestamp second = write(db, 1);
        assertThat(db.at(first).get(DOC).fields().get("n").getIntegerValue()).isZero();
        Timestamp last = second;
        for (int i = 2; i < VersionChain.MAX_VERSIONS + 5; i++) {
            last = write(db, i);
        }
        assertThat(db.at(last).get(DOC).fields().get("n").getIntegerValue()).isEqualTo(VersionChain.MAX_VERSIONS + 4);
        assertThatThrownBy(() -> db.at(first).get(DOC))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("FAILED_PRECONDITION");
    }
}

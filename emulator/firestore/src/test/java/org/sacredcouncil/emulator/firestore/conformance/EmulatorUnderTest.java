package org.sacredcouncil.emulator.firestore.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.sacredcouncil.emulator.firestore.FirestoreEmulator;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/** One side of the differential suite: ours or Google's, reached the same way (gRPC + REST on one port). */
public interface EmulatorUnderTest extends AutoCloseable {
    String hostAndPort();

    String label();

    @Override
    void close();

    /** Drops all documents of a project's default database through the REST endpoint tools use. */
    default int resetOverRest(String projectId) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + hostAndPort() + "/emulator/v1/projects/"
                        + projectId
                        + "/databases/(default)/documents".replace("(", "%28").replace(")", "%29")))
                .DELETE()
                .build();
        return HttpClient.newHttpClient()
                .send(req, HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    static EmulatorUnderTest ours(Path rules) {
        FirestoreEmulator e = FirestoreEmulator.start("127.0.0.1", 0, rules);
        return new EmulatorUnderTest() {
            public String hostAndPort() {
                return e.hostAndPort();
            }

            public String label() {
                return "ours";
            }

            public void close() {
                e.close();
            }
        };
    }

    static EmulatorUnderTest google(Path rules) throws Exception {
        GoogleFirestoreEmulator e = GoogleFirestoreEmulator.start(rules);
        return new EmulatorUnderTest() {
            public String hostAndPort() {
                return e.hostAndPort();
            }

            public String label() {
                return "google";
            }

            public void close() {
                e.close();
            }
        };
    }
}

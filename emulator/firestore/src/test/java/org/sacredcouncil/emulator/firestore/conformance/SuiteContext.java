package org.sacredcouncil.emulator.firestore.conformance;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.firestore.v1.FirestoreGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the case interfaces of the conformance suite need from the side under test. */
interface SuiteContext {
    String DATABASE = "projects/" + ConformanceSuite.PROJECT + "/databases/(default)";

    /** The official client, privileged. */
    Firestore db();

    /** A fresh collection for the current case. */
    CollectionReference c();

    String hostAndPort() throws Exception;

    /** "ours" or "google". */
    String label() throws Exception;

    /** A raw gRPC channel, for request fields the official client does not expose (read_time on a get). */
    default ManagedChannel channel() throws Exception {
        return ManagedChannelBuilder.forTarget(hostAndPort()).usePlaintext().build();
    }

    default FirestoreGrpc.FirestoreBlockingStub stub(ManagedChannel channel) {
        return FirestoreGrpc.newBlockingStub(channel).withCallCredentials(new ConformanceSuite.OwnerCredentials());
    }

    default String documentName(String id) {
        return DATABASE + "/documents/" + c().getId() + "/" + id;
    }

    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String code(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            if (x instanceof ApiException a) {
                return a.getStatusCode().getCode().name();
            }
        }
        return ConformanceSuite.codeOf(t);
    }
}

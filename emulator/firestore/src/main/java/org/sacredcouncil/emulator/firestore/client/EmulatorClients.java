package org.sacredcouncil.emulator.firestore.client;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Official Java client set up against an emulator, as a server (privileged) or as a Firebase end user
 * carrying an unsigned ID token ({@code alg: none}), which Google's emulator and ours accept.
 */
public final class EmulatorClients {
    private EmulatorClients() {}

    /** Privileged: the client's emulator settings send {@code Authorization: Bearer owner}. */
    public static Firestore admin(String hostAndPort, String projectId) {
        return FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setEmulatorHost(hostAndPort)
                .build()
                .getService();
    }

    /** An end user with the given uid, or an unauthenticated caller when {@code uid} is null. */
    public static Firestore endUser(String hostAndPort, String projectId, String uid) {
        FirestoreOptions.Builder b = FirestoreOptions.newBuilder()
                .setProjectId(projectId)
                .setHost(hostAndPort)
                .setChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                        .setEndpoint(hostAndPort)
                        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                        .build());
        if (uid == null) {
            b.setCredentials(NoCredentials.getInstance());
        } else {
            b.setCredentialsProvider(
                    FixedCredentialsProvider.create(new IdTokenCredentials(unsignedIdToken(projectId, uid))));
        }
        return b.build().getService();
    }

    /** A Firebase ID token for {@code uid} without a signature, in the shape Firebase Auth issues. */
    public static String unsignedIdToken(String projectId, String uid) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"https://securetoken.google.com/" + projectId + "\",\"aud\":\"" + projectId
                + "\",\"auth_time\":" + now + ",\"user_id\":\"" + uid + "\",\"sub\":\"" + uid + "\",\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + ",\"firebase\":{\"identities\":{},\"sign_in_provider\":\"custom\"}}";
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static final class IdTokenCredentials extends Credentials {
        private final Map<String, List<String>> headers;

        IdTokenCredentials(String token) {
            this.headers = Map.of("Authorization", List.of("Bearer " + token));
        }

        @Override
        public String getAuthenticationType() {
            return "FirebaseIdToken";
        }

        @Override
        public Map<String, List<String>> getRequestMetadata(URI uri) {
            return headers;
        }

        @Override
        public boolean hasRequestMetadata() {
            return true;
        }

        @Override
        public boolean hasRequestMetadataOnly() {
            return true;
        }

        @Override
        public void refresh() {}
    }
}

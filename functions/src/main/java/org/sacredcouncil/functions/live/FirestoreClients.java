package org.sacredcouncil.functions.live;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import org.sacredcouncil.functions.config.FunctionConfig;

/** The Firestore client of a function instance: the emulator when FIRESTORE_EMULATOR_HOST is set. */
public final class FirestoreClients {

    private FirestoreClients() {}

    public static Firestore create() {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(FunctionConfig.projectId());
        String emulator = FunctionConfig.firestoreEmulatorHost();
        if (emulator != null) {
            options.setEmulatorHost(emulator);
        }
        return options.build().getService();
    }
}

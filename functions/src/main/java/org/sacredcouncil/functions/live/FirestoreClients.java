package org.sacredcouncil.functions.live;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.util.function.Supplier;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.startup.OnFirstUse;

/** The Firestore client of a function instance: the emulator when FIRESTORE_EMULATOR_HOST is set. */
public final class FirestoreClients {

    private FirestoreClients() {}

    /** The client, built by the first call that needs it ({@link OnFirstUse}: its classes are much of a cold start). */
    public static Supplier<Firestore> onFirstUse() {
        return OnFirstUse.of(FirestoreClients::create);
    }

    public static Firestore create() {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(FunctionConfig.projectId());
        String emulator = FunctionConfig.firestoreEmulatorHost();
        if (emulator != null) {
            options.setEmulatorHost(emulator);
        }
        return options.build().getService();
    }
}

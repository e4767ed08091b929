package org.sacredcouncil.functions.live;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import java.util.function.Supplier;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.startup.OnFirstUse;

/** The Firestore client of a function instance: the emulator when FIRESTORE_EMULATOR_HOST is set. */
public final class FirestoreClients {

    private FirestoreClients() {}

    /**
     * The client, built by the first call that needs it ({@link OnFirstUse}: its classes are much of a cold
     * start), from the configuration as it is now (read here, like every other client's at construction).
     */
    public static Supplier<Firestore> onFirstUse() {
        String project = FunctionConfig.projectId();
        String emulator = FunctionConfig.firestoreEmulatorHost();
        return OnFirstUse.of(() -> create(project, emulator));
    }

    public static Firestore create() {
        return create(FunctionConfig.projectId(), FunctionConfig.firestoreEmulatorHost());
    }

    private static Firestore create(String project, String emulator) {
        FirestoreOptions.Builder options = FirestoreOptions.newBuilder().setProjectId(project);
        if (emulator != null) {
            options.setEmulatorHost(emulator);
        }
        return options.build().getService();
    }
}

package org.sacredcouncil.emulator.cloud.run;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The local cloud's Cloud Run: the Admin API stand-in with the services {@code ./council} runs, named as Terraform
 * names them (the functions' Cloud Run services: {@code sacred-heart-<origin>} per region, {@code sacred-memory},
 * {@code sacred-wisdom}, {@code sacred-coherence}), each starting at the Terraform defaults' bounds. Every update
 * the scaling step sends is printed as one line, so the launcher shows the step's decisions as they take effect.
 */
public final class LocalCloudRun {

    /**
     * Port of the stand-in: {@code LOCAL_CLOUD_RUN_PORT}, default 0 = a free port (printed; two local clouds never
     * collide on it); {@code off} = none.
     */
    public static final int DEFAULT_PORT = 0;

    /** The local services: name within {@code projects/P/locations/L/services/}, region, and min/max. */
    record LocalService(String id, String region, int min, int max) {}

    static final List<LocalService> SERVICES = List.of(
            new LocalService("sacred-heart-eu", "europe-west1", 0, 3),
            new LocalService("sacred-heart-us", "us-central1", 0, 3),
            new LocalService("sacred-memory", "europe-west1", 0, 2),
            new LocalService("sacred-wisdom", "europe-west1", 0, 1),
            new LocalService("sacred-coherence", "europe-west1", 0, 1));

    private LocalCloudRun() {}

    /** Null when {@code portSetting} is {@code off}. */
    public static CloudRunAdminStandIn startOrNull(String projectId, String portSetting, PrintStream out)
            throws IOException {
        if ("off".equalsIgnoreCase(portSetting)) {
            return null;
        }
        int port = portSetting == null || portSetting.isBlank() ? DEFAULT_PORT : Integer.parseInt(portSetting.trim());
        CloudRunAdminStandIn standIn = CloudRunAdminStandIn.start(port);
        for (LocalService s : SERVICES) {
            standIn.addService(
                    "projects/" + projectId + "/locations/" + s.region() + "/services/" + s.id(), s.min(), s.max());
        }
        standIn.onUpdate(update -> {
            out.println("  " + update.describe());
            out.flush();
        });
        return standIn;
    }
}

package org.sacredcouncil.functions.scaling;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServiceScaling;
import com.google.cloud.run.v2.ServicesClient;
import com.google.cloud.run.v2.ServicesSettings;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.protobuf.FieldMask;
import java.io.IOException;
import org.sacredcouncil.core.scaling.InstanceCounts;

/**
 * The service-level scaling of Cloud Run services through the Admin API v2 with the official client
 * ({@code com.google.cloud:google-cloud-run}), HttpJson transport.
 *
 * <p>Service level ({@code Service.scaling}), not the revision template: Google recommends service-level minimum
 * instances, and a change there takes effect without deploying a revision (Cloud Run docs, "Set minimum
 * instances for services"), so a decision is one PATCH and never a rollout. The update mask names exactly the two
 * counts: nothing else of the service — image, env, template — can change through this class.
 */
public final class CloudRunServices implements AutoCloseable {

    static final FieldMask SCALING_MASK = FieldMask.newBuilder()
            .addPaths("scaling.min_instance_count")
            .addPaths("scaling.max_instance_count")
            .build();

    private final ServicesClient client;

    public CloudRunServices(ServicesClient client) {
        this.client = client;
    }

    /**
     * Google's endpoint with Application Default Credentials (the function's service account); or, with {@code
     * endpoint} set ({@code CLOUD_RUN_API_URL}, local only), that plain-HTTP stand-in without credentials.
     */
    public static CloudRunServices create(String endpoint) throws IOException {
        ServicesSettings.Builder settings = ServicesSettings.newHttpJsonBuilder();
        if (endpoint != null) {
            settings.setEndpoint(endpoint).setCredentialsProvider(NoCredentialsProvider.create());
        }
        return new CloudRunServices(ServicesClient.create(settings.build()));
    }

    /** The service's current service-level counts; {@code null} when none are set (max 0 = unset). */
    public InstanceCounts current(String serviceName) {
        ServiceScaling s = client.getService(serviceName).getScaling();
        if (s.getMaxInstanceCount() < 1 || s.getMinInstanceCount() > s.getMaxInstanceCount()) {
            return null;
        }
        return new InstanceCounts(s.getMinInstanceCount(), s.getMaxInstanceCount());
    }

    /**
     * Sets both counts. The call returns with the operation started, without polling it: polling needs {@code
     * run.operations.get} on the project, and the step needs no proof of completion — the next pass reads the
     * counts back and sends again only if they still differ.
     */
    public void update(String serviceName, InstanceCounts counts) {
        UpdateServiceRequest request = UpdateServiceRequest.newBuilder()
                .setService(Service.newBuilder()
                        .setName(serviceName)
                        .setScaling(ServiceScaling.newBuilder()
                                .setMinInstanceCount(counts.min())
                                .setMaxInstanceCount(counts.max())))
                .setUpdateMask(SCALING_MASK)
                .build();
        client.updateServiceCallable().call(request);
    }

    @Override
    public void close() {
        client.close();
    }
}

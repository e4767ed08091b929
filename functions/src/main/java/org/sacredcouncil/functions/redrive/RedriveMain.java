package org.sacredcouncil.functions.redrive;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.publish.EventPublisher;
import org.sacredcouncil.functions.publish.TopicPublishers;

/**
 * {@code ./council redrive [--dry-run]} locally, {@code functions/scripts/redrive-gcp.sh} on Google Cloud:
 * republishes what is parked on the dead-letter subscription to {@code sacred-events} (see {@link Redrive}).
 *
 * <pre>
 * RedriveMain [--dry-run] [--subscription sacred-events-dead-inspect] [--topic sacred-events] [--max 10000]
 * </pre>
 * Project from {@code GOOGLE_CLOUD_PROJECT}; the local Pub/Sub when {@code PUBSUB_EMULATOR_HOST} is set,
 * otherwise Google Cloud with Application Default Credentials (roles/pubsub.subscriber on the subscription,
 * roles/pubsub.publisher on the topic). Exit status: 0 done, 1 some publishes failed (left parked), 2 usage.
 */
public final class RedriveMain {

    public static final String DEFAULT_SUBSCRIPTION = "sacred-events-dead-inspect";

    private RedriveMain() {}

    public static void main(String[] args) throws Exception {
        Redrive.Report report = execute(args, System.out);
        System.exit(report == null ? 2 : report.failed() == 0 ? 0 : 1);
    }

    /** The whole command; null after a usage error. */
    public static Redrive.Report execute(String[] args, PrintStream out) throws Exception {
        boolean dryRun = false;
        String subscription = DEFAULT_SUBSCRIPTION;
        String topic = FunctionConfig.sacredEventsTopic();
        int max = 10_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--subscription" -> subscription = value(args, ++i);
                case "--topic" -> topic = value(args, ++i);
                case "--max" -> max = Integer.parseInt(value(args, ++i));
                default -> {
                    out.println("usage: RedriveMain [--dry-run] [--subscription ID] [--topic ID] [--max N]");
                    return null;
                }
            }
        }
        String project = FunctionConfig.projectId();
        String emulator = FunctionConfig.pubsubEmulatorHost();
        ManagedChannel channel = emulator == null
                ? null
                : ManagedChannelBuilder.forTarget(emulator).usePlaintext().build();
        SubscriptionAdminSettings.Builder settings = SubscriptionAdminSettings.newBuilder();
        if (channel != null) {
            settings.setTransportChannelProvider(
                            FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create());
        }
        try (SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(settings.build());
                TopicPublishers publishers = new TopicPublishers()) {
            out.println((dryRun ? "dry run of the redrive" : "redrive") + " in project " + project
                    + (emulator == null ? " (Google Cloud)" : " (local Pub/Sub at " + emulator + ")"));
            return new Redrive(
                            subscriptions,
                            new EventPublisher(publishers, "//sacred-council/redrive"),
                            project,
                            subscription,
                            topic,
                            out)
                    .run(dryRun, max);
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}

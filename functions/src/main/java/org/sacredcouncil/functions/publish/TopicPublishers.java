package org.sacredcouncil.functions.publish;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.functions.config.FunctionConfig;

/**
 * One Publisher per topic for the life of a function instance. The Pub/Sub client does not read
 * {@code PUBSUB_EMULATOR_HOST} itself (docs/architecture.md#clients): with the variable set, it gets a plaintext channel to
 * the emulator and no credentials.
 */
public final class TopicPublishers implements AutoCloseable {

    private final String projectId;
    private final ManagedChannel emulatorChannel;
    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();

    public TopicPublishers() {
        this.projectId = FunctionConfig.projectId();
        String emulator = FunctionConfig.pubsubEmulatorHost();
        this.emulatorChannel = emulator == null
                ? null
                : ManagedChannelBuilder.forTarget(emulator).usePlaintext().build();
    }

    public String projectId() {
        return projectId;
    }

    public Publisher forTopic(String topicId) {
        return publishers.computeIfAbsent(topicId, this::create);
    }

    private Publisher create(String topicId) {
        try {
            Publisher.Builder builder = Publisher.newBuilder(TopicName.of(projectId, topicId))
                    // per-agent order: an agent's messages reach consumers in the order heart accepted them
                    .setEnableMessageOrdering(true);
            if (emulatorChannel != null) {
                TransportChannelProvider channel =
                        FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel));
                builder.setChannelProvider(channel).setCredentialsProvider(NoCredentialsProvider.create());
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Publisher p : publishers.values()) {
            p.shutdown();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (emulatorChannel != null) {
            emulatorChannel.shutdownNow();
        }
    }
}

package org.sacredcouncil.functions.publish;

import com.google.api.gax.batching.BatchingSettings;
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

    /**
     * Every publish is sent at once, alone. Each caller waits for its own ack (heart answers 202 only then), and
     * with ordering keys a batch only ever holds one agent's messages, which hardly ever come two at a time: the
     * default (up to 100 messages, 1 ms) buys no batching here, only a timer per publish — a scheduled task, a
     * thread woken for it, and a millisecond on every request's latency (bench/README.md, issue 15).
     */
    static final BatchingSettings SEND_AT_ONCE = Publisher.Builder.getDefaultBatchingSettings().toBuilder()
            .setElementCountThreshold(1L)
            .build();

    private final String projectId;
    private final String emulator;
    /** Built with the first publisher (memory and wisdom publish only dead letters: mostly never). */
    private ManagedChannel emulatorChannel;

    private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();

    public TopicPublishers() {
        this.projectId = FunctionConfig.projectId();
        this.emulator = FunctionConfig.pubsubEmulatorHost();
    }

    private synchronized ManagedChannel emulatorChannel() {
        if (emulatorChannel == null) {
            emulatorChannel =
                    ManagedChannelBuilder.forTarget(emulator).usePlaintext().build();
        }
        return emulatorChannel;
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
                    .setEnableMessageOrdering(true)
                    .setBatchingSettings(SEND_AT_ONCE);
            if (emulator != null) {
                TransportChannelProvider channel =
                        FixedTransportChannelProvider.create(GrpcTransportChannel.create(emulatorChannel()));
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
        synchronized (this) {
            if (emulatorChannel != null) {
                emulatorChannel.shutdownNow();
            }
        }
    }
}

package org.sacredcouncil.emulator.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The official Pub/Sub Java client pointed at an emulator. The client does not read
 * {@code PUBSUB_EMULATOR_HOST} by itself: every client here gets one plaintext channel to that host
 * and no credentials. In production code, use this only when {@link #emulatorHostFromEnv()} is
 * present and the default client settings otherwise.
 */
public final class PubSubClients implements AutoCloseable {

    public static final String EMULATOR_HOST_ENV = "PUBSUB_EMULATOR_HOST";

    private final String hostAndPort;
    private final ManagedChannel channel;
    private final TransportChannelProvider channelProvider;
    private final CredentialsProvider credentialsProvider = NoCredentialsProvider.create();

    private PubSubClients(String hostAndPort) {
        this.hostAndPort = hostAndPort;
        this.channel =
                ManagedChannelBuilder.forTarget(hostAndPort).usePlaintext().build();
        this.channelProvider = FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    }

    /** The emulator named by {@code PUBSUB_EMULATOR_HOST}, if that variable is set. */
    public static Optional<String> emulatorHostFromEnv() {
        String value = System.getenv(EMULATOR_HOST_ENV);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** Clients for the emulator in {@code PUBSUB_EMULATOR_HOST}; fails clearly when it is not set. */
    public static PubSubClients fromEnv() {
        return forHost(emulatorHostFromEnv()
                .orElseThrow(() -> new IllegalStateException(
                        EMULATOR_HOST_ENV + " is not set: start the local cloud or export host:port of an emulator")));
    }

    /** Clients for the emulator at {@code host:port}. */
    public static PubSubClients forHost(String hostAndPort) {
        return new PubSubClients(hostAndPort);
    }

    public String hostAndPort() {
        return hostAndPort;
    }

    /** One plaintext channel shared by every client built here; give it to any other gax settings. */
    public TransportChannelProvider channelProvider() {
        return channelProvider;
    }

    public CredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    public Publisher.Builder publisherBuilder(TopicName topic) {
        return Publisher.newBuilder(topic)
                .setChannelProvider(channelProvider)
                .setCredentialsProvider(credentialsProvider);
    }

    public Publisher publisher(String projectId, String topicId) {
        try {
            return publisherBuilder(TopicName.of(projectId, topicId)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Subscriber.Builder subscriberBuilder(ProjectSubscriptionName subscription, MessageReceiver receiver) {
        return Subscriber.newBuilder(subscription, receiver)
                .setChannelProvider(channelProvider)
                .setCredentialsProvider(credentialsProvider);
    }

    public TopicAdminClient topicAdmin() {
        try {
            return TopicAdminClient.create(TopicAdminSettings.newBuilder()
                    .setTransportChannelProvider(channelProvider)
                    .setCredentialsProvider(credentialsProvider)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SubscriptionAdminClient subscriptionAdmin() {
        try {
            return SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                    .setTransportChannelProvider(channelProvider)
                    .setCredentialsProvider(credentialsProvider)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public com.google.cloud.pubsub.v1.SchemaServiceClient schemaService() {
        try {
            return com.google.cloud.pubsub.v1.SchemaServiceClient.create(
                    com.google.cloud.pubsub.v1.SchemaServiceSettings.newBuilder()
                            .setTransportChannelProvider(channelProvider)
                            .setCredentialsProvider(credentialsProvider)
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the shared channel: shut the publishers, subscribers and admin clients down first. */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

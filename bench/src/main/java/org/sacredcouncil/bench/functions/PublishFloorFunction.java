package org.sacredcouncil.bench.functions;

import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannelBuilder;
import java.util.UUID;

/**
 * The floor under heart's CPU goal: the official Pub/Sub client alone, one publish per request (the request's
 * body with CloudEvent-sized attributes, sent at once as heart's publisher is), 202 when the server has it.
 * No validation, no database, no idempotency: what any function that publishes pays before its own code.
 */
public final class PublishFloorFunction implements HttpFunction {

    private static final BatchingSettings SEND_AT_ONCE = Publisher.Builder.getDefaultBatchingSettings().toBuilder()
            .setElementCountThreshold(1L)
            .build();

    private Publisher publisher;

    private synchronized Publisher publisher() throws java.io.IOException {
        if (publisher == null) {
            var channel = ManagedChannelBuilder.forTarget(System.getenv("PUBSUB_EMULATOR_HOST"))
                    .usePlaintext()
                    .build();
            publisher = Publisher.newBuilder(TopicName.of(System.getenv("GOOGLE_CLOUD_PROJECT"), "sacred-events"))
                    .setBatchingSettings(SEND_AT_ONCE)
                    .setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create())
                    .build();
        }
        return publisher;
    }

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
        byte[] body = request.getInputStream().readAllBytes();
        String id = UUID.randomUUID().toString();
        publisher()
                .publish(PubsubMessage.newBuilder()
                        .setData(ByteString.copyFrom(body))
                        .putAttributes("ce-id", id)
                        .putAttributes("ce-type", "council.message.sent")
                        .putAttributes("ce-source", "//bench/floor")
                        .putAttributes("ce-specversion", "1.0")
                        .putAttributes("ce-time", java.time.Instant.now().toString())
                        .build())
                .get();
        response.setStatusCode(202);
        response.setContentType("application/json");
        response.getWriter().write("{\"id\":\"" + id + "\"}");
    }
}

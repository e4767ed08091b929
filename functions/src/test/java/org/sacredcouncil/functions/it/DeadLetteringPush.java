package org.sacredcouncil.functions.it;

import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

/**
 * A test's own push subscription to a function in an invoker, in CloudEvent format, that dead-letters at the
 * fifth attempt as the deployed one does; its backoff is shortened (100 to 300 ms) so that five attempts against
 * a stopped function take a second instead of minutes (the deployed policy is terraform/delivery-policy.json).
 */
public final class DeadLetteringPush {

    private DeadLetteringPush() {}

    /** {@code name} on {@code topic}, pushing to 127.0.0.1:{@code port}, dead-lettering to {@code deadTopic}. */
    public static Subscription.Builder subscription(
            LocalCloud cloud, String name, String topic, String deadTopic, int port) {
        return Subscription.newBuilder()
                .setName(SubscriptionName.of(cloud.projectId(), name).toString())
                .setTopic(TopicName.of(cloud.projectId(), topic).toString())
                .setRetryPolicy(RetryPolicy.newBuilder()
                        .setMinimumBackoff(Durations.fromMillis(100))
                        .setMaximumBackoff(Durations.fromMillis(300)))
                .setDeadLetterPolicy(DeadLetterPolicy.newBuilder()
                        .setDeadLetterTopic(
                                TopicName.of(cloud.projectId(), deadTopic).toString())
                        .setMaxDeliveryAttempts(5))
                .setPushConfig(PushConfig.newBuilder()
                        .setPushEndpoint("http://127.0.0.1:" + port + "/")
                        .putAttributes(PushFormat.ATTRIBUTE, PushFormat.CLOUD_EVENT.attributeValue()));
    }
}

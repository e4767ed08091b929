package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.emulator.pubsub.reference.GooglePubSubEmulator;

/** Servers that already run (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST, DATABASE_URL) are used, not started again. */
@ExtendWith(LocalCloudExtension.class)
class LocalCloudReuseTest {

    @Test
    void aSecondLocalCloudUsesTheRunningServersAndLeavesThemRunning(LocalCloud running) throws Exception {
        LocalCloudBuilder builder = LocalCloud.builder()
                .pubsubEmulatorHost(running.pubsubHost())
                .databaseUrl(running.jdbcUrl()
                        .replace(
                                "jdbc:postgresql://",
                                "postgres://" + running.dbUser() + ":" + running.dbPassword() + "@"))
                .tickPeriod(java.time.Duration.ZERO);
        if (running.firestoreAvailable()) {
            builder.firestoreEmulatorHost(running.firestoreHost());
        }
        String topic;
        try (LocalCloud second = builder.start()) {
            assertThat(second.pubsubHost()).isEqualTo(running.pubsubHost());
            assertThat(second.postgresEmbedded()).isFalse();
            assertThat(second.jdbcUrl()).isEqualTo(running.jdbcUrl());
            try (Connection c = second.dataSource().getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(running.dbUser());
            }
            topic = "reuse-" + System.nanoTime();
            second.topicAdmin().createTopic(TopicName.of(second.projectId(), topic));
        }
        // closing the second one stopped nothing it did not start
        assertThat(running.topicAdmin()
                        .getTopic(TopicName.of(running.projectId(), topic))
                        .getName())
                .endsWith(topic);
        try (Connection c = running.dataSource().getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void theTopologyAlsoWorksOnGooglesEmulator() {
        Optional<Path> jar = GooglePubSubEmulator.findJar();
        Assumptions.assumeTrue(jar.isPresent(), GooglePubSubEmulator.whatIsMissing());
        try (GooglePubSubEmulator google = GooglePubSubEmulator.start(jar.get());
                LocalCloud cloud = LocalCloud.builder()
                        .pubsubEmulatorHost(google.hostAndPort())
                        .firestore(false)
                        .postgres(false)
                        .tickPeriod(java.time.Duration.ZERO)
                        .start()) {
            String id = cloud.topicAdmin()
                    .publish(
                            TopicName.of(cloud.projectId(), Topology.SACRED_EVENTS),
                            List.of(PubsubMessage.newBuilder()
                                    .setData(ByteString.copyFromUtf8("{}"))
                                    .build()))
                    .getMessageIds(0);
            var pulled = cloud.subscriptionAdmin()
                    .pull(PullRequest.newBuilder()
                            .setSubscription(SubscriptionName.of(cloud.projectId(), Topology.MEMORY_SUBSCRIPTION)
                                    .toString())
                            .setMaxMessages(1)
                            .build())
                    .getReceivedMessagesList();
            assertThat(pulled).extracting(m -> m.getMessage().getMessageId()).containsExactly(id);
        }
    }
}

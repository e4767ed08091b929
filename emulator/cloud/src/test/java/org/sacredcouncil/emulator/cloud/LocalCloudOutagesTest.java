package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sacredcouncil.emulator.pubsub.push.PushAuthorization;

/**
 * A local cloud as {@code ./council} runs it: the deployed delivery policy, a push token, database and
 * Firestore outages on command with their data kept, and a loud report of what a stop would lose.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalCloudOutagesTest {

    @Test
    void functionSubscriptionsGetTheDeployedPolicyAndThePushToken() {
        DeliveryPolicy deployed = DeliveryPolicy.deployed();
        try (LocalCloud cloud = LocalCloud.builder()
                .useEnvironment(false)
                .postgres(false)
                .firestore(false)
                .tickPeriod(Duration.ZERO)
                .memoryPushUrl("http://127.0.0.1:9/")
                .scalingPushUrl("http://127.0.0.1:9/")
                .pushAuthToken("tok-123")
                .start()) {
            for (Topology.FunctionSubscription fs : Topology.FUNCTION_SUBSCRIPTIONS) {
                Subscription sub = cloud.subscriptionAdmin()
                        .getSubscription(SubscriptionName.of(cloud.projectId(), fs.subscription()));
                assertThat(sub.getAckDeadlineSeconds()).isEqualTo(deployed.ackDeadlineSeconds());
                assertThat(Durations.toMillis(sub.getRetryPolicy().getMinimumBackoff()))
                        .isEqualTo(deployed.minimumBackoff().toMillis());
                assertThat(Durations.toMillis(sub.getRetryPolicy().getMaximumBackoff()))
                        .isEqualTo(deployed.maximumBackoff().toMillis());
                assertThat(sub.getDeadLetterPolicy().getMaxDeliveryAttempts())
                        .isEqualTo(deployed.maxDeliveryAttempts());
                assertThat(Durations.toSeconds(sub.getMessageRetentionDuration()))
                        .isEqualTo(deployed.messageRetention().toSeconds());
            }
            Subscription memory = cloud.subscriptionAdmin()
                    .getSubscription(SubscriptionName.of(cloud.projectId(), Topology.MEMORY_SUBSCRIPTION));
            assertThat(memory.getPushConfig().getAttributesMap())
                    .containsEntry(PushAuthorization.ATTRIBUTE, "Bearer tok-123");
            assertThat(cloud.pushAuthenticated()).isTrue();
        }
    }

    @Test
    void theScalingSubscriptionExistsOnlyWithItsEndpoint() {
        try (LocalCloud cloud = LocalCloud.builder()
                .useEnvironment(false)
                .postgres(false)
                .firestore(false)
                .tickPeriod(Duration.ZERO)
                .start()) {
            SubscriptionName scaling = SubscriptionName.of(cloud.projectId(), Topology.SCALING_SUBSCRIPTION);
            assertThatThrownBy(() -> cloud.subscriptionAdmin().getSubscription(scaling))
                    .hasMessageContaining("NOT_FOUND");
            assertThat(cloud.backlog()).doesNotContainKey(Topology.SCALING_SUBSCRIPTION);
        }
    }

    @Test
    void postgresAndFirestoreGoDownAndComeBackWithTheirData() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder()
                .useEnvironment(false)
                .tickPeriod(Duration.ZERO)
                .start()) {
            try (Connection c = DriverManager.getConnection(cloud.jdbcUrl(), cloud.dbUser(), cloud.dbPassword());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE outage_probe (v int)");
                s.execute("INSERT INTO outage_probe VALUES (42)");
            }
            Firestore firestore = FirestoreOptions.newBuilder()
                    .setProjectId(cloud.projectId())
                    .setEmulatorHost(cloud.firestoreHost())
                    .build()
                    .getService();
            try {
                firestore.collection("probe").document("d").set(Map.of("v", 7L)).get(10, TimeUnit.SECONDS);
                int pgPort = Integer.parseInt(cloud.jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1"));
                int fsPort = Integer.parseInt(cloud.firestoreHost().replaceAll(".*:", ""));

                cloud.stopPostgres();
                cloud.stopFirestore();
                assertThat(cloud.postgresRunning()).isFalse();
                assertThat(cloud.firestoreServing()).isFalse();
                assertThat(refuses(pgPort))
                        .as("PostgreSQL's port refuses connections")
                        .isTrue();
                assertThat(refuses(fsPort))
                        .as("Firestore's port refuses connections")
                        .isTrue();
                assertThatThrownBy(
                                () -> DriverManager.getConnection(cloud.jdbcUrl(), cloud.dbUser(), cloud.dbPassword()))
                        .isInstanceOf(java.sql.SQLException.class);

                cloud.startPostgres();
                cloud.startFirestore();
                try (Connection c = DriverManager.getConnection(cloud.jdbcUrl(), cloud.dbUser(), cloud.dbPassword());
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT v FROM outage_probe")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(42);
                }
                assertThat(firestore
                                .collection("probe")
                                .document("d")
                                .get()
                                .get(30, TimeUnit.SECONDS)
                                .getLong("v"))
                        .isEqualTo(7L);
            } finally {
                firestore.shutdownNow();
            }
        }
    }

    @Test
    void aStopWithUndeliveredEventsSaysLoudlyHowManyAreLost() throws Exception {
        LocalCloud cloud = LocalCloud.builder()
                .useEnvironment(false)
                .postgres(false)
                .firestore(false)
                .tickPeriod(Duration.ZERO)
                .start();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            Publisher publisher = cloud.publisher(Topology.SACRED_EVENTS);
            try {
                for (int i = 0; i < 3; i++) {
                    publisher
                            .publish(PubsubMessage.newBuilder()
                                    .setData(ByteString.copyFromUtf8("e" + i))
                                    .build())
                            .get(10, TimeUnit.SECONDS);
                }
            } finally {
                publisher.shutdown();
            }
            // no push endpoint: memory's and wisdom's subscriptions hold 3 events each
            assertThat(cloud.backlog())
                    .containsEntry(Topology.MEMORY_SUBSCRIPTION, 3)
                    .containsEntry(Topology.WISDOM_SUBSCRIPTION, 3);
            assertThat(cloud.awaitEventsDelivered(Duration.ofMillis(300)).values())
                    .contains(3);
            PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            cloud.close();
        } finally {
            System.setOut(out);
            System.setErr(err);
            cloud.close();
        }
        String said = captured.toString(StandardCharsets.UTF_8);
        assertThat(said).contains("LOST").contains(LocalCloud.LOST_PREFIX + "{\"events\":6,\"deadLetters\":0}");
    }

    private static boolean refuses(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}

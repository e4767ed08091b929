package org.sacredcouncil.emulator.cloud;

import com.google.cloud.firestore.Firestore;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.sacredcouncil.emulator.pubsub.PubSubClients;

/**
 * JUnit 5 extension: one {@link LocalCloud} per test JVM (started on first use, stopped when the
 * test run ends), injected as a parameter together with ready clients:
 * {@link LocalCloud}, {@link PubSubClients}, {@link Firestore}, {@link DataSource}.
 *
 * <pre>{@code
 * @ExtendWith(LocalCloudExtension.class)
 * class MemoryFunctionIT {
 *     @Test void stores(LocalCloud cloud, DataSource db) { ... cloud.publisher("sacred-events") ... }
 * }
 * }</pre>
 *
 * Settings come from the environment (see {@link LocalCloudBuilder#fromEnvironment()}) and from
 * system properties {@code localcloud.tickPeriod} (default {@code off} in tests: call
 * {@link LocalCloud#publishTick()}) and {@code localcloud.retryBackoff.min}/{@code .max}.
 *
 * <p>The delivery policy is {@link #TEST_POLICY}, an explicit override of the deployed one: see
 * {@link #TEST_POLICY_REASON}.
 */
public final class LocalCloudExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalCloudExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cloud(context);
    }

    /** The JVM's local cloud, started on first use. */
    public static LocalCloud cloud(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(LocalCloud.class, key -> startForTests(), LocalCloud.class);
    }

    /**
     * Why tests do not get the deployed policy (10-600 s backoff, 100 attempts): a unit or integration test
     * that checks a retry, a redelivery or a dead letter must see it within seconds, not after 10 s per
     * attempt and 16 h of attempts. {@code DeliveryPolicyTest} proves that the default, everywhere else, is
     * {@code terraform/delivery-policy.json}; the end-to-end chaos suite runs with the deployed policy.
     */
    public static final String TEST_POLICY_REASON = "in-JVM tests observe retries and dead letters within seconds"
            + " (200 ms-1 s backoff, 5 attempts); the deployed policy is checked by DeliveryPolicyTest and used by the"
            + " e2e chaos suite";

    /** The deployed policy with a test backoff ({@code localcloud.retryBackoff.min/.max}) and 5 attempts. */
    public static final DeliveryPolicy TEST_POLICY = DeliveryPolicy.deployed()
            .withBackoff(
                    LocalCloudBuilder.parseDuration(System.getProperty("localcloud.retryBackoff.min", "200ms")),
                    LocalCloudBuilder.parseDuration(System.getProperty("localcloud.retryBackoff.max", "1s")))
            .withMaxDeliveryAttempts(5)
            .withAckDeadlineSeconds(10);

    static LocalCloud startForTests() {
        LocalCloudBuilder builder = LocalCloud.builder()
                .tickPeriod(LocalCloudBuilder.parseDuration(System.getProperty("localcloud.tickPeriod", "off")))
                .deliveryPolicyOverride(TEST_POLICY, TEST_POLICY_REASON)
                .fromEnvironment();
        return builder.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == LocalCloud.class
                || type == PubSubClients.class
                || type == Firestore.class
                || type == DataSource.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        LocalCloud cloud = cloud(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == LocalCloud.class) {
            return cloud;
        }
        if (type == PubSubClients.class) {
            return cloud.pubSubClients();
        }
        if (type == Firestore.class) {
            return cloud.firestore();
        }
        return cloud.dataSource();
    }
}

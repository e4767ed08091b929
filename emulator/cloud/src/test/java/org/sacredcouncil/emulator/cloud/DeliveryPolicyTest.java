package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The local cloud delivers with production's policy (docs/contracts.md#delivery-policy): the default is
 * {@code terraform/delivery-policy.json} itself, and the only way around it is an override that says why.
 */
class DeliveryPolicyTest {

    /** The file Terraform deploys, read straight from the repository (not through the jar). */
    private static JsonObject terraformFile() throws Exception {
        Path file = Path.of(System.getProperty("user.dir"))
                .resolve("../../terraform/delivery-policy.json")
                .normalize();
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void theDefaultPolicyIsTerraformsFile() throws Exception {
        JsonObject file = terraformFile();
        DeliveryPolicy policy = LocalCloud.builder().deliveryPolicy();
        assertThat(LocalCloud.builder().deliveryPolicyOverrideReason()).isNull();
        assertThat(policy.minimumBackoff())
                .isEqualTo(Duration.ofSeconds(file.get("minimumBackoffSeconds").getAsLong()));
        assertThat(policy.maximumBackoff())
                .isEqualTo(Duration.ofSeconds(file.get("maximumBackoffSeconds").getAsLong()));
        assertThat(policy.maxDeliveryAttempts())
                .isEqualTo(file.get("maxDeliveryAttempts").getAsInt());
        assertThat(policy.ackDeadlineSeconds())
                .isEqualTo(file.get("ackDeadlineSeconds").getAsInt());
        assertThat(policy.messageRetention())
                .isEqualTo(
                        Duration.ofSeconds(file.get("messageRetentionSeconds").getAsLong()));
        assertThat(policy.deadLetterRetention())
                .isEqualTo(Duration.ofSeconds(
                        file.get("deadLetterRetentionSeconds").getAsLong()));
    }

    @Test
    void theDeployedPolicyFitsRealOutages() {
        DeliveryPolicy policy = DeliveryPolicy.deployed();
        // what issue 11 asks of it: the service's 10-600 s backoff, never the attempts used up in seconds
        assertThat(policy.minimumBackoff()).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(policy.maximumBackoff()).isEqualTo(Duration.ofSeconds(600));
        assertThat(policy.retryWindow()).isGreaterThan(Duration.ofHours(1));
        assertThat(policy.retryWindow()).isLessThanOrEqualTo(policy.messageRetention());
    }

    @Test
    void anOverrideMustSayWhyAndTheExtensionsDoes() {
        assertThatThrownBy(() -> LocalCloud.builder().deliveryPolicyOverride(DeliveryPolicy.deployed(), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("say why");
        assertThat(LocalCloudExtension.TEST_POLICY_REASON).isNotBlank();
        assertThat(LocalCloudExtension.TEST_POLICY.maxDeliveryAttempts()).isEqualTo(5);
    }

    @Test
    void aPolicyOutsidePubSubsLimitsIsRefused() {
        assertThatThrownBy(() -> DeliveryPolicy.parse("{\"minimumBackoffSeconds\":10}"))
                .hasMessageContaining("maximumBackoffSeconds");
        assertThatThrownBy(() -> DeliveryPolicy.deployed().withMaxDeliveryAttempts(101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryPolicy.deployed().withBackoff(Duration.ZERO, Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

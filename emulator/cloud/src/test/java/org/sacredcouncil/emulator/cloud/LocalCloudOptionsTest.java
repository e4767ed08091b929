package org.sacredcouncil.emulator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sacredcouncil.emulator.pubsub.push.PushFormat;

class LocalCloudOptionsTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(LocalCloudBuilder.parseDuration("60s")).isEqualTo(Duration.ofMinutes(1));
        assertThat(LocalCloudBuilder.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LocalCloudBuilder.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LocalCloudBuilder.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LocalCloudBuilder.parseDuration("PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(LocalCloudBuilder.parseDuration("off")).isZero();
        assertThatThrownBy(() -> LocalCloudBuilder.parseDuration("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a duration");
    }

    @Test
    void tooShortTickPeriodAndBadPortsAreRefused() {
        assertThatThrownBy(() -> LocalCloud.builder().tickPeriod(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalCloud.builder().pubsubPort(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryPolicy.deployed().withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentSetsPushEndpointsTickAndFormat() {
        LocalCloudBuilder builder = LocalCloud.builder()
                .fromSettings(Map.of(
                        "MEMORY_PUSH_URL", "http://127.0.0.1:9001/",
                        "COHERENCE_PUSH_URL", "http://127.0.0.1:9003/",
                        "LOCAL_CLOUD_TICK_PERIOD", "5s",
                        "LOCAL_CLOUD_PUSH_FORMAT", "pubsub",
                        "LOCAL_CLOUD_DATA_DIR", "/tmp/lc-data",
                        "PUSH_AUTH_TOKEN", "t0ken"));
        assertThat(builder.pushAuthToken()).isEqualTo("t0ken");
        assertThat(builder.pushEndpoints())
                .containsExactly(
                        Map.entry(Topology.MEMORY_SUBSCRIPTION, "http://127.0.0.1:9001/"),
                        Map.entry(Topology.COHERENCE_SUBSCRIPTION, "http://127.0.0.1:9003/"));
        assertThat(builder.tickPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(builder.pushFormat()).isEqualTo(PushFormat.PUBSUB);
        assertThat(builder.dataDir()).isEqualTo(Path.of("/tmp/lc-data"));
    }

    @Test
    void flagsOverrideDefaultsAndUnknownFlagsAreRefused() {
        LocalCloudMain.Options options = LocalCloudMain.Options.parse(new String[] {
            "--pubsub-port",
            "0",
            "--postgres-port=0",
            "--wisdom-push-url",
            "http://127.0.0.1:9002/",
            "--push-format",
            "cloudevent",
            "--tick-period",
            "off",
            "--no-firestore",
            "--fresh"
        });
        assertThat(options.builder.pubsubPort()).isZero();
        assertThat(options.builder.postgresPort()).isZero();
        assertThat(options.builder.firestorePort()).isEqualTo(LocalCloudMain.DEFAULT_FIRESTORE_PORT);
        assertThat(options.builder.pushEndpoints())
                .containsEntry(Topology.WISDOM_SUBSCRIPTION, "http://127.0.0.1:9002/");
        assertThat(options.builder.tickPeriod()).isZero();
        assertThat(options.builder.firestoreEnabled()).isFalse();
        assertThat(options.fresh).isTrue();
        assertThatThrownBy(() -> LocalCloudMain.Options.parse(new String[] {"--pubsub-port"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalCloudMain.Options.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> LocalCloudMain.Options.parse(new String[] {"--push-format", "xml"}))
                .hasMessageContaining("Unknown push format");
    }
}

package org.sacredcouncil.functions.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServiceScaling;
import com.google.cloud.run.v2.ServicesClient;
import com.google.cloud.run.v2.ServicesSettings;
import com.google.cloud.run.v2.UpdateServiceRequest;
import com.google.protobuf.FieldMask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sacredcouncil.core.event.EventCodec;
import org.sacredcouncil.core.event.MessageSent;
import org.sacredcouncil.core.message.MessageType;
import org.sacredcouncil.core.message.SacredMessage;
import org.sacredcouncil.core.scaling.DayPeriod;
import org.sacredcouncil.core.scaling.InstanceCounts;
import org.sacredcouncil.core.scaling.ScalingBounds;
import org.sacredcouncil.core.scaling.ScalingConfig;
import org.sacredcouncil.core.scaling.ScalingPolicy;
import org.sacredcouncil.core.scaling.ScalingTarget;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudExtension;
import org.sacredcouncil.emulator.cloud.run.CloudRunAdminStandIn;
import org.sacredcouncil.emulator.cloud.run.ScalingUpdate;
import org.sacredcouncil.functions.config.FunctionConfig;
import org.sacredcouncil.functions.store.Database;
import org.sacredcouncil.functions.store.EventLog;

/**
 * The scaling step's requests, from the official Cloud Run client (HttpJson) to the local stand-in, which answers
 * only the shapes the Admin API accepts; and the whole pass on real PostgreSQL.
 */
@ExtendWith(LocalCloudExtension.class)
class CloudRunScalingTest {

    static final String HEART = "projects/sacred-council-local/locations/europe-west1/services/sacred-heart-eu";
    static final String MEMORY = "projects/sacred-council-local/locations/europe-west1/services/sacred-memory";

    static DataSource db;

    CloudRunAdminStandIn standIn;
    CloudRunServices services;

    @BeforeAll
    static void database(LocalCloud cloud) throws Exception {
        FunctionConfig.override(cloud.environment());
        db = Database.fromConfig().migrated();
    }

    @BeforeEach
    void start() throws Exception {
        standIn = CloudRunAdminStandIn.start(0);
        standIn.addService(HEART, 0, 3);
        standIn.addService(MEMORY, 0, 2);
        services = CloudRunServices.create(standIn.endpoint());
    }

    @AfterEach
    void stop() {
        services.close();
        standIn.close();
    }

    @Test
    void theClientReadsAndSetsTheServiceLevelCounts() throws Exception {
        assertThat(services.current(HEART)).isEqualTo(new InstanceCounts(0, 3));
        services.update(HEART, new InstanceCounts(2, 6));
        assertThat(services.current(HEART)).isEqualTo(new InstanceCounts(2, 6));
        assertThat(standIn.refusals()).isEmpty();
        assertThat(standIn.updates())
                .containsExactly(
                        new ScalingUpdate(HEART, 0, 3, 2, 6, "scaling.min_instance_count,scaling.max_instance_count"));
        // only the scaling changed: the service's other fields are as they were
        assertThat(standIn.service(HEART).getUid()).isEqualTo("uid-sacred-heart-eu");
        assertThat(standIn.service(HEART).getGeneration()).isEqualTo(2);
    }

    ServicesClient rawClient() throws Exception {
        return ServicesClient.create(ServicesSettings.newHttpJsonBuilder()
                .setEndpoint(standIn.endpoint())
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build());
    }

    static UpdateServiceRequest request(String name, int min, int max, String... mask) {
        return UpdateServiceRequest.newBuilder()
                .setService(Service.newBuilder()
                        .setName(name)
                        .setScaling(ServiceScaling.newBuilder()
                                .setMinInstanceCount(min)
                                .setMaxInstanceCount(max)))
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(mask)))
                .build();
    }

    @Test
    void badShapesAreRefusedAsTheApiWould() throws Exception {
        try (ServicesClient client = rawClient()) {
            // a mask reaching into the revision template (a new revision per decision)
            assertThatThrownBy(
                            () -> client.updateServiceAsync(request(HEART, 1, 3, "template.scaling.min_instance_count"))
                                    .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(InvalidArgumentException.class);
            // no mask at all: a whole-service replace
            assertThatThrownBy(() ->
                            client.updateServiceAsync(request(HEART, 1, 3)).get())
                    .hasCauseInstanceOf(InvalidArgumentException.class);
            // min over max
            assertThatThrownBy(() -> client.updateServiceAsync(
                                    request(HEART, 5, 3, "scaling.min_instance_count", "scaling.max_instance_count"))
                            .get())
                    .hasCauseInstanceOf(InvalidArgumentException.class);
            // max 0 (unset) and a negative min
            assertThatThrownBy(() -> client.updateServiceAsync(request(HEART, 0, 0, "scaling.max_instance_count"))
                            .get())
                    .hasCauseInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> client.updateServiceAsync(request(HEART, -1, 3, "scaling.min_instance_count"))
                            .get())
                    .hasCauseInstanceOf(InvalidArgumentException.class);
            // a service that does not exist, and a name that is no service name
            assertThatThrownBy(() ->
                            client.getService("projects/sacred-council-local/locations/europe-west1/services/nobody"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> client.getService("projects/x/locations/europe-west1/services/Bad_Name"))
                    .isInstanceOf(InvalidArgumentException.class);
        }
        assertThat(standIn.updates()).isEmpty();
        // each refused for its own reason, naming the field (the message is in the HTTP cause's body)
        assertThat(standIn.refusals())
                .extracting(CloudRunAdminStandIn.Refusal::message)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("update_mask: 'template.scaling.minInstanceCount'"),
                        m -> assertThat(m).startsWith("update_mask: required"),
                        m -> assertThat(m).contains("min_instance_count 5 exceeds max_instance_count 3"),
                        m -> assertThat(m).startsWith("service.scaling.max_instance_count"),
                        m -> assertThat(m).startsWith("service.scaling.min_instance_count"),
                        m -> assertThat(m).contains("'nobody' of kind 'SERVICE'"),
                        m -> assertThat(m).startsWith("name: not a service name"));
        assertThat(standIn.service(HEART).getScaling().getMaxInstanceCount()).isEqualTo(3);
    }

    static final long MINUTE = 60_000L;

    /** 2026-12-02T12:00Z: ordinary hours at UTC+0. */
    static final long NOON = 1_796_169_600_000L + 12 * 60 * MINUTE;

    ScalingTarget target(String fn, String service, String region, InstanceCounts baseline) {
        return new ScalingTarget(fn, service, region, 0, baseline, new ScalingBounds(0, 4, 1, 8), 2);
    }

    void record(String region, int messages, long now) throws Exception {
        EventLog log = new EventLog(db);
        for (int i = 0; i < messages; i++) {
            String id = UUID.randomUUID().toString();
            long at = now - (i % 5) * MINUTE - 1_000;
            MessageSent m = new MessageSent(
                    "evt-" + id,
                    at,
                    new SacredMessage("msg-" + id, "agent-" + i, MessageType.BLESSING, "thanks", region, at),
                    0.01,
                    0.5,
                    0.5,
                    1.0);
            log.record(m, EventCodec.toCloudEventJson(m, "//test"));
        }
    }

    void field(double coherence, String region, double regionCoherence, long at) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO field_history (tick_id, at, version, "
                        + "coherence, agents_present, regions) VALUES (?, ?, 1, ?, 0, ?)")) {
            s.setString(1, "tick-" + UUID.randomUUID());
            s.setTimestamp(2, new Timestamp(at));
            s.setDouble(3, coherence);
            s.setString(4, "{\"" + region + "\":{\"coherence\":" + regionCoherence + ",\"agents\":1}}");
            s.executeUpdate();
        }
    }

    @Test
    void aPassReadsTheLogDecidesAndSendsOnlyWhatChanged() throws Exception {
        String region = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        long noonToday = now - Math.floorMod(now, 86_400_000L) + 12 * 60 * MINUTE; // the log's rows are "now"
        record(region, 30, now); // 30 messages in 5 min: 6/min → demand 3 at 2 per instance
        field(0.8, region, 0.35, now - 30_000); // the region is under strain
        ScalingConfig allDayOrdinary = new ScalingConfig(
                new org.sacredcouncil.core.scaling.DailyWindow(0, 0),
                new org.sacredcouncil.core.scaling.DailyWindow(0, 0),
                0.5,
                2,
                0.4,
                1.5,
                0.25,
                0.05);
        ScalingStep step = new ScalingStep(
                new ScalingPolicy(allDayOrdinary),
                List.of(
                        target("heart", HEART, region, new InstanceCounts(2, 4)),
                        target("memory", MEMORY, null, new InstanceCounts(0, 2))),
                new ActivityReader(db, 5),
                services,
                false);

        List<ScalingStep.Result> first = step.run(now);
        ScalingStep.Result heart = first.get(0);
        assertThat(heart.decision().input().messagesPerMinute()).isEqualTo(6.0);
        assertThat(heart.decision().input().coherence()).isEqualTo(0.35);
        assertThat(heart.decision().strained()).isTrue();
        assertThat(heart.decision().period()).isEqualTo(DayPeriod.ORDINARY);
        // min = max(ceil(2 · 1.5), demand 3) = 3; max = max(4, 2 · 3) = 6
        assertThat(heart.decision().desired()).isEqualTo(new InstanceCounts(3, 6));
        assertThat(heart.outcome()).isEqualTo(ScalingStep.Outcome.UPDATED);
        assertThat(standIn.service(HEART).getScaling().getMinInstanceCount()).isEqualTo(3);
        assertThat(standIn.service(HEART).getScaling().getMaxInstanceCount()).isEqualTo(6);
        int updates = standIn.updates().size();

        // the same inputs again: the services already have their counts, nothing is sent
        List<ScalingStep.Result> again = step.run(now + 1);
        assertThat(again).extracting(ScalingStep.Result::outcome).containsOnly(ScalingStep.Outcome.UNCHANGED);
        assertThat(standIn.updates()).hasSize(updates);
        assertThat(standIn.refusals()).isEmpty();
        assertThat(noonToday).isPositive();
    }

    @Test
    void aDryRunSendsNothing() throws Exception {
        ScalingStep step = new ScalingStep(
                new ScalingPolicy(ScalingConfig.DEFAULT),
                List.of(target("heart", HEART, "dry-" + UUID.randomUUID(), new InstanceCounts(4, 8))),
                new ActivityReader(db, 5),
                services,
                true);
        List<ScalingStep.Result> results = step.run(NOON);
        assertThat(results).extracting(ScalingStep.Result::outcome).containsExactly(ScalingStep.Outcome.DRY_RUN);
        assertThat(results.get(0).decision().desired()).isEqualTo(new InstanceCounts(4, 8));
        assertThat(standIn.updates()).isEmpty();
        assertThat(standIn.service(HEART).getScaling().getMinInstanceCount()).isZero();
        assertThat(ScalingStep.describe(results.get(0))).contains("0..3 → 4..8").contains("dry_run");
    }

    @Test
    void targetsParseFromTerraformsJsonAndBadOnesFailWithTheField() {
        List<ScalingTarget> targets = TargetsJson.parse("[{\"function\":\"heart\",\"service\":\"" + HEART
                + "\",\"region\":\"europe-west1\",\"utcOffsetMinutes\":60,\"baseline\":{\"min\":1,\"max\":3},"
                + "\"bounds\":{\"minLow\":0,\"minHigh\":2,\"maxLow\":1,\"maxHigh\":3},\"messagesPerInstanceMinute\":600},"
                + "{\"function\":\"memory\",\"service\":\"" + MEMORY + "\",\"region\":null,\"utcOffsetMinutes\":60,"
                + "\"baseline\":{\"min\":0,\"max\":2},\"bounds\":{\"minLow\":0,\"minHigh\":1,\"maxLow\":1,\"maxHigh\":2},"
                + "\"messagesPerInstanceMinute\":1200}]");
        assertThat(targets).hasSize(2);
        assertThat(targets.get(0).region()).isEqualTo("europe-west1");
        assertThat(targets.get(0).bounds()).isEqualTo(new ScalingBounds(0, 2, 1, 3));
        assertThat(targets.get(1).region()).isNull();
        assertThatThrownBy(() -> TargetsJson.parse("[{\"function\":\"heart\"}]"))
                .hasMessageContaining("targets[0]");
        assertThatThrownBy(() -> TargetsJson.parse("[{\"function\":\"heart\",\"service\":\"s\",\"utcOffsetMinutes\":0,"
                        + "\"baseline\":{\"min\":1,\"max\":3},\"bounds\":{\"minLow\":0,\"minHigh\":5,\"maxLow\":1,"
                        + "\"maxHigh\":3},\"messagesPerInstanceMinute\":1}]"))
                .hasMessageContaining("minHigh <= maxHigh");
    }
}

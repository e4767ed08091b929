package org.sacredcouncil.e2e.cloud;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.LocalCloudBuilder;
import org.sacredcouncil.emulator.cloud.LocalCloudConsole;
import org.sacredcouncil.emulator.cloud.Topology;
import org.sacredcouncil.emulator.cloud.run.CloudRunAdminStandIn;
import org.sacredcouncil.emulator.cloud.run.LocalCloudRun;

/**
 * The local cloud as one child process of the launcher: starts {@link LocalCloud} with the push endpoints and
 * tick period of the environment ({@code MEMORY_PUSH_URL}, {@code WISDOM_PUSH_URL}, {@code COHERENCE_PUSH_URL}, {@code SCALING_PUSH_URL} (which also
 * starts the Cloud Run Admin API stand-in),
 * {@code LOCAL_CLOUD_TICK_PERIOD}, {@code PUSH_AUTH_TOKEN}) and the ports given as arguments, then prints one
 * line {@code COUNCIL_CLOUD_READY {json}} with everything a function needs to reach it, and runs until stopped,
 * taking the local cloud's commands on standard input ({@link LocalCloudConsole}: {@code stop postgres},
 * {@code drain}, ...; the launcher writes them through {@code OrphanGuard}).
 *
 * <p>The delivery policy is the deployed one ({@code terraform/delivery-policy.json}): the local council
 * retries as production does (docs/contracts.md#delivery-policy).
 *
 * <p>Arguments: {@code pubsubPort firestorePort postgresPort [goFile]} (0 = any free port). The scheduler's
 * ticks start only once {@code goFile} exists (the launcher creates it when the functions are up), so that no
 * backlog of ticks piles up on {@code coherence} while the JVMs start; without it they start at once.
 */
public final class LocalCloudProcess {

    public static final String READY_PREFIX = "COUNCIL_CLOUD_READY ";

    private LocalCloudProcess() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        int pubsubPort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int firestorePort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int postgresPort = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path goFile = args.length > 3 ? Path.of(args[3]) : null;
        String periodText = System.getenv("LOCAL_CLOUD_TICK_PERIOD");
        Duration period = periodText == null || periodText.isBlank()
                ? Duration.ofMinutes(1)
                : LocalCloudBuilder.parseDuration(periodText);
        LocalCloudBuilder builder = LocalCloud.builder()
                .fromEnvironment()
                .useEnvironment(false)
                .pubsubPort(pubsubPort)
                .firestorePort(firestorePort)
                .postgresPort(postgresPort)
                .tickPeriod(Duration.ZERO);
        LocalCloud cloud = builder.start();
        Map<String, String> ready = new LinkedHashMap<>(cloud.environment());
        ready.put("DB_USER", cloud.dbUser());
        ready.put("DB_PASSWORD", cloud.dbPassword());
        ready.put("startupMillis", Long.toString(cloud.startupMillis()));
        ready.put("tickPeriodMillis", Long.toString(period.toMillis()));
        // docs/scaling.md#locally: with the scaling step on the ticks, the Cloud Run Admin API stand-in it updates
        // (prints every update it accepts on this process's standard output)
        if (System.getenv("SCALING_PUSH_URL") != null
                && !System.getenv("SCALING_PUSH_URL").isBlank()) {
            CloudRunAdminStandIn cloudRun =
                    LocalCloudRun.startOrNull(cloud.projectId(), System.getenv("LOCAL_CLOUD_RUN_PORT"), System.out);
            if (cloudRun != null) {
                ready.put("CLOUD_RUN_API_URL", cloudRun.endpoint());
            }
        }
        System.out.println(READY_PREFIX + toJson(ready));
        System.out.flush();
        LocalCloudConsole console = new LocalCloudConsole(
                cloud,
                System.out,
                () -> System.out.println("local cloud: " + cloud.pubsubHost() + ", backlog " + cloud.backlog()),
                () -> System.exit(0));
        Thread commands = new Thread(() -> console.run(System.in), "local-cloud-console");
        commands.setDaemon(true);
        commands.start();
        if (!period.isZero()) {
            startTicks(cloud, period, goFile);
        }
        new CountDownLatch(1).await();
    }

    /** Cloud Scheduler → coherence-ticks, as LocalCloud's own scheduler does, but started on the launcher's word. */
    private static void startTicks(LocalCloud cloud, Duration period, Path goFile) throws InterruptedException {
        while (goFile != null && !Files.exists(goFile)) {
            Thread.sleep(100);
        }
        Publisher publisher = cloud.publisher(Topology.COHERENCE_TICKS);
        String source = "//cloudscheduler.googleapis.com/projects/" + cloud.projectId()
                + "/locations/local/jobs/coherence-tick";
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coherence-tick");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(
                () -> {
                    String id = UUID.randomUUID().toString();
                    String now = Instant.now().toString();
                    String event = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + source
                            + "\",\"type\":\"council.coherence.tick\",\"time\":\"" + now
                            + "\",\"datacontenttype\":\"application/json\",\"data\":{\"scheduledAt\":\"" + now + "\"}}";
                    publisher.publish(PubsubMessage.newBuilder()
                            .setData(ByteString.copyFromUtf8(event))
                            .putAttributes("ce-type", "council.coherence.tick")
                            .putAttributes("ce-id", id)
                            .build());
                },
                0,
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static String toJson(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        }
        return json.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

package org.sacredcouncil.emulator.cloud.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sacredcouncil.emulator.cloud.LocalCloud;
import org.sacredcouncil.emulator.cloud.StartupTimes;
import org.sacredcouncil.emulator.pubsub.reference.GooglePubSubEmulator;

/**
 * Start-up time of the whole local cloud (start → topology created), per part, over a few rounds,
 * beside the start of Google's Pub/Sub emulator alone (process start → port open) where installed.
 *
 * <p>In the test sources, so that it is not shipped in the launcher jar. Run (emulator/README.md, "Measured"):
 * {@code mvn -B -q -pl emulator/cloud -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp}
 * then {@code java -cp emulator/cloud/target/test-classes:emulator/cloud/target/classes:$(cat
 * emulator/cloud/target/bench.cp) org.sacredcouncil.emulator.cloud.bench.LocalCloudStartupBenchmark [rounds]}.
 */
public final class LocalCloudStartupBenchmark {

    private LocalCloudStartupBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Optional<Path> googleJar = GooglePubSubEmulator.findJar();
        List<Long> totals = new ArrayList<>();
        List<Long> google = new ArrayList<>();
        System.out.println(
                "| round | local cloud ready ms | Pub/Sub | Firestore | PostgreSQL | topology | Google Pub/Sub emulator alone ms |");
        System.out.println(
                "|-------|----------------------|---------|-----------|------------|----------|----------------------------------|");
        for (int round = 1; round <= rounds; round++) {
            StartupTimes times;
            try (LocalCloud cloud = LocalCloud.builder()
                    .useEnvironment(false)
                    .tickPeriod(Duration.ZERO)
                    .start()) {
                times = cloud.startupTimes();
            }
            totals.add(times.totalMillis());
            String googleMillis = "not installed";
            if (googleJar.isPresent()) {
                long begin = System.nanoTime();
                try (GooglePubSubEmulator emulator = GooglePubSubEmulator.start(googleJar.get())) {
                    long millis = (System.nanoTime() - begin) / 1_000_000;
                    google.add(millis);
                    googleMillis = Long.toString(millis);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %5d | %20d | %7s | %9s | %10s | %8s | %32s |%n",
                    round,
                    times.totalMillis(),
                    part(times, "pubsub"),
                    part(times, "firestore"),
                    part(times, "postgres"),
                    part(times, "topology"),
                    googleMillis);
        }
        System.out.println("median local cloud ready: " + median(totals) + " ms"
                + (google.isEmpty() ? "" : "; median Google Pub/Sub emulator alone: " + median(google) + " ms"));
        System.exit(0);
    }

    private static String part(StartupTimes times, String name) {
        Long millis = times.partMillis().get(name);
        return millis == null ? "-" : millis.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

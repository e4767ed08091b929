package org.sacredcouncil.emulator.pubsub.conformance;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.sacredcouncil.emulator.pubsub.reference.GooglePubSubEmulator;

/** The same suite against Google's Pub/Sub emulator, where it is installed; skipped (with why) elsewhere. */
class GoogleEmulatorConformanceTest extends SchemaConformance {

    private GooglePubSubEmulator emulator;

    @Override
    protected String startEmulator() {
        Optional<Path> jar = GooglePubSubEmulator.findJar();
        Assumptions.assumeTrue(jar.isPresent(), GooglePubSubEmulator.whatIsMissing());
        emulator = GooglePubSubEmulator.start(jar.get());
        return emulator.hostAndPort();
    }

    @Override
    protected Map<String, String> knownDeviations() {
        return Map.of(
                "retry-backoff", "Google's emulator redelivers a nacked message at once, ignoring the"
                        + " subscription's retry_policy (the real service documents exponential backoff)",
                "push-delivery-attempt", "Google's emulator leaves deliveryAttempt out of the push JSON"
                        + " (the real service sends it when a dead-letter policy is set)",
                "filter", "Google's emulator stores a subscription's filter and ignores it: every message is"
                        + " delivered and an invalid filter is accepted (the service filters, docs/filtering)");
    }

    @Override
    protected void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

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
        return Map.ofEntries(
                Map.entry(
                        "retry-backoff",
                        "Google's emulator redelivers a nacked message at once, ignoring the"
                                + " subscription's retry_policy (the real service documents exponential backoff)"),
                Map.entry(
                        "push-delivery-attempt",
                        "Google's emulator leaves deliveryAttempt out of the push JSON"
                                + " (the real service sends it when a dead-letter policy is set)"),
                Map.entry(
                        "filter",
                        "Google's emulator stores a subscription's filter and ignores it: every message is"
                                + " delivered and an invalid filter is accepted (the service filters, docs/filtering)"),
                Map.entry("update-snapshot", "Google's emulator answers UpdateSnapshot with UNIMPLEMENTED"),
                Map.entry("detach", "Google's emulator answers DetachSubscription with UNIMPLEMENTED"),
                Map.entry(
                        "exactly-once-error-info",
                        "Google's emulator refuses an invalid ack id with INVALID_ARGUMENT but"
                                + " without the ErrorInfo (EXACTLY_ONCE_ACKID_FAILURE, ack id → PERMANENT_FAILURE_INVALID_ACK_ID)"
                                + " that the official clients read to end each ack future"),
                Map.entry(
                        "subscription-retention-31-days",
                        "Google's emulator caps a subscription's message_retention_duration"
                                + " at 7 days; pubsub.proto documents up to 31 days"),
                Map.entry(
                        "schema-list-basic-view",
                        "Google's emulator lists schemas with their definition when no view is set;"
                                + " ListSchemasRequest documents name and type only"),
                Map.entry(
                        "topic-retention-seek",
                        "Google's emulator delivers to a new subscription what its topic"
                                + " retained from before the subscription existed (the service delivers only what is published"
                                + " after; the earlier messages are reached by a seek)"),
                Map.entry(
                        "topic-message-retention-output",
                        "Google's emulator leaves a subscription's output-only"
                                + " topic_message_retention_duration unset on a topic with retention"),
                Map.entry(
                        "protobuf-schemas",
                        "Google's emulator answers \"Protocol buffer support not implemented in emulator\""
                                + " (UNIMPLEMENTED) for Protocol Buffer schemas"));
    }

    @Override
    protected void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

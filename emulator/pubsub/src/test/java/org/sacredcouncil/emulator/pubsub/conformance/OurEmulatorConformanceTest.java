package org.sacredcouncil.emulator.pubsub.conformance;

import org.sacredcouncil.emulator.pubsub.PubSubEmulator;

/** The conformance suite against our emulator: always runs. */
class OurEmulatorConformanceTest extends SchemaConformance {

    private PubSubEmulator emulator;

    @Override
    protected String startEmulator() {
        emulator = PubSubEmulator.start(0);
        return emulator.hostAndPort();
    }

    @Override
    protected void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

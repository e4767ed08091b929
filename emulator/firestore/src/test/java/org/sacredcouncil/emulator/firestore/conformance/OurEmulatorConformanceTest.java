package org.sacredcouncil.emulator.firestore.conformance;

/** The conformance suite against our emulator: always runs. */
class OurEmulatorConformanceTest extends ConformanceSuite {
    @Override
    EmulatorUnderTest startEmulator() {
        return EmulatorUnderTest.ours(null);
    }
}

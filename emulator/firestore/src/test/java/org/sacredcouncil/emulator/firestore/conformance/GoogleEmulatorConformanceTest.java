package org.sacredcouncil.emulator.firestore.conformance;

import org.junit.jupiter.api.Assumptions;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/** The same suite against Google's emulator, when gcloud's component is installed; skipped otherwise. */
class GoogleEmulatorConformanceTest extends ConformanceSuite {
    @Override
    EmulatorUnderTest startEmulator() throws Exception {
        Assumptions.assumeTrue(
                GoogleFirestoreEmulator.installed(),
                "Google's Firestore emulator is not installed (" + GoogleFirestoreEmulator.DEFAULT_JAR
                        + "); the differential side is skipped");
        return EmulatorUnderTest.google(null);
    }
}

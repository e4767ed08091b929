package org.sacredcouncil.emulator.firestore.rules;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.sacredcouncil.emulator.firestore.conformance.EmulatorUnderTest;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/** The same cases on Google's emulator, when installed. */
class GoogleRulesLanguageTest extends RulesLanguageSuite {
    @Override
    EmulatorUnderTest start(Path rules) throws Exception {
        Assumptions.assumeTrue(
                GoogleFirestoreEmulator.installed(),
                "Google's Firestore emulator is not installed; the reference side is skipped");
        return EmulatorUnderTest.google(rules);
    }
}

package org.sacredcouncil.rules;

import org.junit.jupiter.api.Assumptions;
import org.sacredcouncil.emulator.firestore.reference.GoogleFirestoreEmulator;

/** The same table on Google's emulator with the same rules file, when gcloud's component is installed. */
class GoogleEmulatorRulesTest extends RulesTableSuite {
    private GoogleFirestoreEmulator emulator;

    @Override
    String start() throws Exception {
        Assumptions.assumeTrue(
                GoogleFirestoreEmulator.installed(),
                "Google's Firestore emulator is not installed (" + GoogleFirestoreEmulator.DEFAULT_JAR
                        + "); the reference side of the rules table is skipped");
        emulator = GoogleFirestoreEmulator.start(RulesCaseTable.RULES);
        return emulator.hostAndPort();
    }

    @Override
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

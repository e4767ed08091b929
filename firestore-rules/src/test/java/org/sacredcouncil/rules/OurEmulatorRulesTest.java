package org.sacredcouncil.rules;

import org.sacredcouncil.emulator.firestore.FirestoreEmulator;

/** The rules table, offline, on our emulator's rules engine: always runs (CI). */
class OurEmulatorRulesTest extends RulesTableSuite {
    private FirestoreEmulator emulator;

    @Override
    String start() {
        emulator = FirestoreEmulator.start("127.0.0.1", 0, RulesCaseTable.RULES);
        return emulator.hostAndPort();
    }

    @Override
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
